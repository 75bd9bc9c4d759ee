/**
 * The training worker: owns tfjs. Lifecycle: load → choose backend (measured warm-up) → ready →
 * configure experiment → stream reports; handles play/pause/step/reset and live objective
 * changes between chunks of steps, so the UI thread never waits on training.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { assertNever } from '../lib/assert';
import type { ExperimentConfig } from '../lib/experiment';
import { chooseBackend } from './backends';
import { runBench } from './bench';
import type { FromWorker, ToWorker } from './protocol';
import { TrainingSession } from './session';
import { IndexedDbStorage } from './storage';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);
const session = new TrainingSession(post, () => performance.now(), typeof indexedDB === 'undefined' ? null : new IndexedDbStorage());
let experiment: ExperimentConfig | undefined;
let ready: Promise<void> | undefined;

/** Messages are handled one after another so that a reset never interleaves with a configure. */
let queue: Promise<void> = Promise.resolve();

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      ready = (async () => {
        post({ type: 'status', phase: 'choosing-backend', message: 'choosing a backend' });
        const choice = await chooseBackend(msg.backend, msg.cached);
        tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 15);
        post({ type: 'backend', choice });
        post({ type: 'status', phase: 'ready', message: `ready on ${choice.backend}` });
      })();
      return ready;
    case 'configure':
      await ready;
      experiment = msg.experiment;
      session.pause();
      await waitForLoop();
      post({ type: 'status', phase: 'warming-up', message: 'building models' });
      const restored = await session.configure(msg.experiment, msg.restore);
      if (msg.play && !restored) void session.play();
      else post({ type: 'status', phase: 'paused', message: `paused at step ${session.step}` });
      return;
    case 'play':
      void session.play();
      return;
    case 'pause':
      session.pause();
      return;
    case 'step':
      await waitForLoop();
      await session.stepOnce(msg.count);
      return;
    case 'reset': {
      const wasRunning = session.isRunning;
      session.pause();
      await waitForLoop();
      if (experiment) await session.configure(experiment, false);
      await session.save(); // a reload after a reset must not bring back the old run
      if (wasRunning) void session.play();
      return;
    }
    case 'set-objective':
      session.setObjective(msg.modelId, msg.objective, msg.version);
      return;
    case 'set-learning-rate':
      session.setLearningRate(msg.learningRate);
      if (experiment) experiment = { ...experiment, learningRate: msg.learningRate };
      return;
    case 'select':
      session.select(msg.modelIds);
      return;
    case 'inject-nan':
      session.injectNaN(msg.modelId);
      return;
    case 'switch-backend': {
      await ready;
      const from = tf.getBackend();
      const to = msg.choice.backend;
      if (to === from) {
        post({ type: 'backend', choice: msg.choice });
        return;
      }
      const wasRunning = session.isRunning;
      session.pause();
      await waitForLoop();
      const snap = await session.detachPopulation();
      let choice = msg.choice;
      if (!(await tf.setBackend(to))) {
        await tf.setBackend(from);
        choice = { ...msg.choice, backend: from as typeof to, reason: `${msg.choice.reason}; ${to} failed to start, staying on ${from}` };
      }
      await tf.ready();
      if (snap) session.attachPopulation(snap);
      post({ type: 'backend', choice });
      if (wasRunning) void session.play();
      else await session.report();
      return;
    }
    case 'get-history':
      post({ type: 'history', histories: session.historyRows() });
      return;
    case 'crash':
      // Outside the message handler's try/catch, so it reaches the page as the worker's error event.
      setTimeout(() => {
        throw new Error('simulated crash (test hook)');
      });
      return;
    case 'bench': {
      session.pause();
      await waitForLoop();
      const current = tf.getBackend();
      const rows = await runBench(msg.request);
      await tf.setBackend(current);
      post({ type: 'bench-result', rows });
      return;
    }
    default:
      assertNever(msg);
  }
}

/** Resolves once the training loop has noticed a pause (at most one chunk). */
async function waitForLoop(): Promise<void> {
  for (let i = 0; i < 200 && session.isLooping; i++) await new Promise((r) => setTimeout(r, 5));
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  // Objective and selection changes act at once (between chunks); the rest is serialised.
  const immediate = msg.type === 'get-history' || msg.type === 'set-objective' || msg.type === 'pause' || msg.type === 'select' || msg.type === 'set-learning-rate' || msg.type === 'inject-nan';
  const run = async (): Promise<void> => {
    try {
      await handle(msg);
    } catch (e) {
      post({ type: 'error', message: (e as Error).message });
    }
  };
  if (immediate) void run();
  else queue = queue.then(run);
};
