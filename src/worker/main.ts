/**
 * The training worker: owns tfjs. Lifecycle: load → choose backend (measured warm-up) → ready →
 * configure experiment → stream reports; handles play/pause/step/reset and live objective
 * changes between chunks of steps, so the UI thread never waits on training.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
// The image models train with tfjs autodiff (the toy's gradients are analytic).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { decodeAsset, type BinaryImageSet } from '../data/binaryImages';
import { assertNever } from '../lib/assert';
import type { ExperimentConfig } from '../lib/experiment';
import { chooseBackend } from './backends';
import { runBench, runMlpBench } from './bench';
import type { FromWorker, ToWorker } from './protocol';
import { TrainingSession } from './session';
import { IndexedDbStorage } from './storage';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);
/** The MNIST asset (built from the `mnist` package into public/data), fetched from this origin once. */
let mnist: Promise<BinaryImageSet> | undefined;
/** Where the page says its data folder is (set by 'init'). */
let assetBase = '';
async function loadMnist(): Promise<BinaryImageSet> {
  mnist ??= fetch(new URL('mnist.bin', assetBase || self.location.href).href).then(async (r) => {
    if (!r.ok) throw new Error(`the MNIST asset could not be loaded (HTTP ${r.status})`);
    return decodeAsset(new Uint8Array(await r.arrayBuffer()));
  });
  try {
    return await mnist;
  } catch (e) {
    mnist = undefined;
    throw e;
  }
}
const storage = typeof indexedDB === 'undefined' ? null : new IndexedDbStorage();
/** The user's own images: set by 'set-images', else read back from storage after a reload. */
let custom: BinaryImageSet | null = null;
async function loadImages(source: 'mnist' | 'custom'): Promise<BinaryImageSet> {
  if (source === 'mnist') return loadMnist();
  custom ??= (await storage?.loadImages().catch(() => null)) ?? null;
  if (!custom) throw new Error('your own images are not stored in this browser; add them again with "Your images…"');
  return custom;
}
const session = new TrainingSession(post, () => performance.now(), storage, loadImages);
let experiment: ExperimentConfig | undefined;
let ready: Promise<void> | undefined;

/** The parts of tfjs's WebGPU backend and device used to notice and force a device loss. */
interface WebGpuLike {
  device?: { lost: Promise<{ reason?: string; message?: string }>; destroy(): void };
}

/** The WebGPU device in use, if the current backend is webgpu. */
function webgpuDevice(): WebGpuLike['device'] | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as WebGpuLike).device : undefined;
}

/**
 * tfjs does not handle WebGPU device loss: watch for it, then continue on wasm (or cpu) from the
 * last save. What is lost: the steps since that save.
 */
function watchDevice(): void {
  const device = webgpuDevice();
  if (!device) return;
  void device.lost.then(async (info) => {
    if (webgpuDevice() !== device) return; // already moved off this device
    const wasRunning = session.wantsToRun;
    session.abandonPopulation();
    const fallback = (await tf.setBackend('wasm')) ? 'wasm' : 'cpu';
    if (fallback === 'cpu') await tf.setBackend('cpu');
    await tf.ready();
    const why = `the WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`;
    post({ type: 'backend', choice: { backend: fallback, reason: `${why}; moved to ${fallback}`, adapter: null, timings: [], provisional: false, probe: [], situation: why } });
    let restored = false;
    if (experiment) restored = await session.configure(experiment, true, wasRunning);
    post({ type: 'notice', message: `Training moved to ${fallback} because ${why}. ${restored ? `It continues from the last save (step ${session.step}); steps since then were lost.` : 'No save was found, so training restarted from the seed.'}` });
    if (wasRunning) void session.play();
    else post({ type: 'status', phase: 'paused', message: `paused at step ${session.step}` });
  });
}

/** Messages are handled one after another so that a reset never interleaves with a configure. */
let queue: Promise<void> = Promise.resolve();

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      assetBase = msg.assetBase;
      ready = (async () => {
        post({ type: 'status', phase: 'choosing-backend', message: 'choosing a backend' });
        const choice = await chooseBackend(msg.backend, msg.cached);
        watchDevice();
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
      const restored = await session.configure(msg.experiment, msg.restore, false, { label: msg.label, query: msg.query });
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
      if (snap) await session.attachPopulation(snap);
      watchDevice();
      post({ type: 'backend', choice });
      if (wasRunning) void session.play();
      else await session.report();
      return;
    }
    case 'edit-runs': {
      const wasRunning = session.isRunning;
      session.pause();
      await waitForLoop();
      experiment = msg.experiment;
      await session.editRuns(msg.experiment, new Map(msg.copies.map((c) => [c.id, c.from])));
      if (wasRunning) void session.play();
      else post({ type: 'status', phase: 'paused', message: `paused at step ${session.step}` });
      return;
    }
    case 'import-run': {
      session.pause();
      await waitForLoop();
      post({ type: 'import-result', error: await session.importRun(msg.experiment, msg.record) });
      return;
    }
    case 'get-run':
      post({ type: 'run', record: await session.currentRecord() });
      return;
    case 'set-images':
      custom = msg.set;
      try {
        await storage?.saveImages(msg.set);
      } catch (e) {
        post({ type: 'notice', message: `Your images could not be stored (${(e as Error).message}); they last until the page is closed.` });
      }
      return;
    case 'set-iwae':
      session.setIwaeSamples(msg.samples);
      if (!session.isRunning) await session.report();
      return;
    case 'cancel-images':
      session.cancelImages();
      return;
    case 'markov-chain':
      await session.markovChain(msg.modelId, msg.meanField);
      return;
    case 'delete-saved':
      await session.deleteSaved(msg.key);
      return;
    case 'clear-saved':
      await session.clearSaved();
      return;
    case 'list-saved':
      await session.listSaved();
      return;
    case 'get-history':
      post({ type: 'history', histories: session.historyRows() });
      return;
    case 'lose-device':
      webgpuDevice()?.destroy();
      return;
    case 'get-memory': {
      const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
      post({ type: 'memory', backend: tf.getBackend(), numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU ?? null });
      return;
    }
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
    case 'bench-mlp': {
      session.pause();
      await waitForLoop();
      const current = tf.getBackend();
      const rows = await runMlpBench(msg.backends, msg.maxSeconds);
      await tf.setBackend(current);
      post({ type: 'bench-mlp-result', rows });
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

/** A failing training loop on WebGPU may be the first sign of a lost device: let the loss handler speak. */
session.onLoopError = (e) => {
  const device = webgpuDevice();
  const report = (): void => post({ type: 'error', message: `Training stopped: ${e.message}` });
  if (!device) return report();
  void Promise.race([device.lost.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]).then((lost) => {
    if (!lost) report();
  });
};

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  // Objective and selection changes act at once (between chunks); the rest is serialised.
  const immediate = msg.type === 'lose-device' || msg.type === 'get-history' || msg.type === 'set-objective' || msg.type === 'pause' || msg.type === 'select' || msg.type === 'set-learning-rate' || msg.type === 'inject-nan' || msg.type === 'get-memory' || msg.type === 'markov-chain';
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
