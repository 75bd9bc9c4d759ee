/**
 * The worker's message handling, independent of the worker global scope (Node tests drive it
 * directly): one table of message type → handler, each with its "immediate" flag beside it.
 * Immediate messages act between chunks of training; the rest run one after another, so a reset
 * never interleaves with a configure.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../lib/backendChoice';
import { checkFusedFamilies } from '../model/toyFusedProgram';
import { ImageAssets } from './trainers/assets';
import { reportLoopError, watchDevice } from './backends/deviceLoss';
import { IMMEDIATE_DEBUG } from './debugProtocol';
import type { HostDeps } from './hostDeps';
import type { ToWorker } from './protocol';
import { TrainingSession } from './session/session';
import { ownershipEvents } from './tabEvents';
import { PoolWorkers } from './pool/poolWorkers';

export type { HostDeps };

type Msg<K extends ToWorker['type']> = Extract<ToWorker, { type: K }>;

interface Handler<K extends ToWorker['type']> {
  /** Acts at once (between chunks) instead of waiting for the messages before it. */
  immediate: boolean | ((msg: Msg<K>) => boolean);
  run(msg: Msg<K>): Promise<void> | void;
}

export class WorkerHost {
  readonly session: TrainingSession;
  private readonly assets: ImageAssets;
  private ready: Promise<void> | undefined;
  private queue: Promise<void> = Promise.resolve();
  /**
   * Messages dispatched so far, and the number of the last pause: a pause that arrives while a configure waits wins
   * over its autoplay.
   */
  private dispatched = 0;
  private pausedAt = -1;

  constructor(private readonly deps: HostDeps) {
    this.assets = new ImageAssets(deps.storage, deps.selfHref);
    const events = ownershipEvents({
      session: () => this.session,
      post: deps.post,
      stop: () => this.stop(),
      paused: () => this.paused(),
      queued: (f) => {
        this.queue = this.queue
          .then(f)
          .catch((e: unknown) => this.deps.post({ type: 'error', message: (e as Error).message }));
      },
    });
    const ownership = deps.ownership?.(events) ?? null;
    const pool = deps.createPoolWorker
      ? { poolWorkers: new PoolWorkers(deps.createPoolWorker, (m) => deps.post(m)), cores: deps.cores ?? 1 }
      : null;
    this.session = new TrainingSession(
      deps.post,
      deps.now ?? (() => performance.now()),
      deps.storage,
      (source, onProgress) => this.assets.load(source, onProgress),
      ownership,
      pool,
    );
    this.session.onLoopError = (e) => reportLoopError(e, deps.post);
  }

  /** Handle one message: at once when its handler is immediate, else after the ones before it. */
  dispatch(msg: ToWorker): Promise<void> {
    const handler = this.handlers[msg.type] as Handler<typeof msg.type>;
    const seq = ++this.dispatched;
    if (msg.type === 'pause') this.pausedAt = seq;
    const run = async (): Promise<void> => {
      // A play still queued when a later pause arrived would undo that pause: the user's last word wins.
      if (msg.type === 'play' && this.pausedAt > seq) return;
      try {
        if (msg.type === 'configure') await this.configure(msg, seq);
        else await handler.run(msg as never);
      } catch (e) {
        this.deps.post({ type: 'error', message: (e as Error).message });
      }
    };
    const immediate = typeof handler.immediate === 'function' ? handler.immediate(msg as never) : handler.immediate;
    if (immediate) return run();
    this.queue = this.queue.then(run);
    return this.queue;
  }

  /** Only the tab that owns the run trains it; others say why they do not. */
  private mayTrain(): boolean {
    if (this.session.owned) return true;
    this.deps.post({ type: 'ownership', owned: false, reason: 'elsewhere' });
    this.paused();
    return false;
  }

  /** Pause and wait until the loop has noticed (at most one chunk); returns whether it was running. */
  private async stop(): Promise<boolean> {
    const wasRunning = this.session.isRunning;
    this.session.pause();
    for (let i = 0; i < 200 && this.session.isLooping; i++) await new Promise((r) => setTimeout(r, 5));
    return wasRunning;
  }

  private paused = (): void =>
    this.deps.post({ type: 'status', phase: 'paused', message: `paused at step ${this.session.step}` });

  private readonly handlers: { [K in ToWorker['type']]: Handler<K> } = {
    init: {
      immediate: false,
      run: (msg) => {
        this.assets.base = msg.assetBase;
        this.session.builder.poolRequest = msg.pool ?? null;
        this.ready = (async () => {
          this.deps.post({ type: 'status', phase: 'choosing-backend', message: 'choosing a backend' });
          // A new choice moves tfjs: training stops first (a configure follows every init).
          if (this.session.config) await this.stop();
          const choice = await this.deps.chooseBackend(msg.backend, msg.cached, msg.workload ?? 'toy');
          // before training starts on webgpu (toyFusedProgram.ts)
          if (msg.workload !== 'vae') await checkFusedFamilies();
          watchDevice(this.session, this.deps.post);
          this.deps.post({ type: 'backend', choice });
          this.deps.post({ type: 'status', phase: 'ready', message: `ready on ${choice.backend}` });
        })();
        return this.ready;
      },
    },
    configure: { immediate: false, run: (msg) => this.configure(msg, this.dispatched) },
    play: { immediate: false, run: () => void (this.mayTrain() && this.session.play()) },
    pause: { immediate: true, run: () => this.session.pause() },
    step: {
      immediate: false,
      run: async (msg) => {
        await this.stop();
        if (this.mayTrain()) await this.session.stepOnce(msg.count);
      },
    },
    reset: {
      immediate: false,
      run: async () => {
        const wasRunning = await this.stop();
        await this.session.reset();
        await this.session.save(); // a reload after a reset must not bring back the old run
        if (wasRunning) void this.session.play();
      },
    },
    'set-objective': {
      immediate: true,
      run: (msg) => this.session.setObjective(msg.modelId, msg.objective, msg.version),
    },
    'set-learning-rate': {
      immediate: true,
      run: (msg) => this.session.change({ kind: 'learning-rate', learningRate: msg.learningRate }),
    },
    'set-iwae': {
      immediate: false,
      run: async (msg) => {
        await this.session.change({ kind: 'iwae', samples: msg.samples });
        if (!this.session.isRunning) await this.session.report();
      },
    },
    'edit-models': {
      immediate: false,
      run: async (msg) => {
        const wasRunning = await this.stop();
        await this.session.editModels(msg.experiment, new Map(msg.copies.map((c) => [c.id, c.from])));
        if (wasRunning) void this.session.play();
        else this.paused();
      },
    },
    'set-speed': {
      immediate: true,
      run: (msg) => {
        this.session.maxStepsPerSecond = msg.maxStepsPerSecond;
      },
    },
    select: { immediate: true, run: (msg) => this.session.select(msg.modelIds) },
    'switch-backend': { immediate: false, run: (msg) => this.switchBackend(msg.choice) },
    'set-pool': {
      immediate: false,
      run: (msg) =>
        this.relocate(async () => {
          this.session.builder.poolRequest = msg.size;
        }),
    },
    'import-run': {
      immediate: false,
      run: async (msg) => {
        await this.stop();
        this.deps.post({
          type: 'import-result',
          error: await this.session.saves.importRun(msg.experiment, msg.record),
        });
      },
    },
    'open-checkpoint': {
      immediate: false,
      run: async (msg) => {
        await this.ready;
        await this.stop();
        const error = await this.session.openCheckpoint(msg.experiment, msg.record).catch((e) => String(e));
        this.deps.post({ type: 'import-result', error }); // also when the build threw: the page waits for it
        this.paused();
      },
    },
    'get-run': {
      immediate: false,
      run: async () => this.deps.post({ type: 'run', record: await this.session.saves.currentRecord() }),
    },
    'set-images': {
      immediate: false,
      run: async (msg) => {
        const problem = await this.assets.setCustom(msg.set);
        if (problem) this.deps.post({ type: 'notice', message: problem });
      },
    },
    'cancel-images': { immediate: false, run: () => this.session.images?.cancelImages() },
    // Immediate, like the chain: it runs beside training on a frozen copy of the model.
    'test-eval': { immediate: true, run: (msg) => this.session.images?.testEvaluation(msg.modelId, msg.k) },
    'cancel-test-eval': { immediate: true, run: () => this.session.images?.cancelTestEvaluation() },
    'markov-chain': { immediate: true, run: (msg) => this.session.images?.markovChain(msg.modelId, msg.meanField) },
    'delete-saved': { immediate: false, run: (msg) => this.session.saves.delete(msg.key) },
    'clear-saved': { immediate: false, run: () => this.session.saves.clearAll() },
    'list-saved': { immediate: false, run: () => this.session.saves.list() },
    'get-history': {
      immediate: true,
      run: () => this.deps.post({ type: 'history', histories: this.session.historyRows() }),
    },
    'copy-run': {
      immediate: false,
      run: async (msg) => {
        await this.stop();
        await this.session.saves.copyTo(msg.to);
      },
    },
    'take-over': { immediate: false, run: () => this.session.ownership?.takeOver() },
    // Immediate: it must not wait behind a long message while the page closes.
    'save-now': { immediate: true, run: () => this.session.saves.saveIfNewer() },
    debug: {
      immediate: (msg) => IMMEDIATE_DEBUG.has(msg.request.kind),
      run: async (msg) => {
        // Loaded on the first request: the app never sends one, so it never loads the benchmarks.
        const { runDebug } = await import('./debug/debugHost');
        await runDebug(msg.request, { session: this.session, post: this.deps.post, stop: () => this.stop() });
      },
    },
  };

  /** Build the experiment; play unless asked not to, or unless a pause arrived after this configure was sent. */
  private async configure(msg: Msg<'configure'>, seq: number): Promise<void> {
    await this.ready;
    await this.stop();
    this.deps.post({ type: 'status', phase: 'warming-up', message: 'building models' });
    const restored = await this.session.configure(msg.experiment, msg.restore, false, {
      naming: { label: msg.label, query: msg.query },
      kept: msg.keep ?? true,
    });
    if (msg.play && !restored && this.pausedAt < seq && this.session.owned) void this.session.play();
    else this.paused();
  }

  /** Take the models off, change where they train, put them back: same step and weights; training goes on if it was. */
  private async relocate(change: () => Promise<void>): Promise<void> {
    await this.ready;
    const wasRunning = await this.stop();
    const snap = await this.session.detachTrainer();
    await change();
    if (snap) await this.session.attachTrainer(snap);
    if (wasRunning) void this.session.play();
    else await this.session.report();
  }

  /** Move the models to another backend (every worker of the pool with them). */
  private async switchBackend(requested: BackendChoice): Promise<void> {
    await this.ready;
    const from = tf.getBackend();
    const to = requested.backend;
    if (to === from) {
      this.deps.post({ type: 'backend', choice: requested });
      return;
    }
    let choice = requested;
    await this.relocate(async () => {
      if (!(await tf.setBackend(to))) {
        await tf.setBackend(from);
        choice = {
          ...requested,
          backend: from as typeof to,
          reason: `${requested.reason}; ${to} failed to start, staying on ${from}`,
        };
      }
      await tf.ready();
      if (choice.workload !== 'vae') await checkFusedFamilies();
      watchDevice(this.session, this.deps.post);
      this.deps.post({ type: 'backend', choice });
    });
  }
}
