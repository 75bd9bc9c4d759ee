/**
 * The controller's core. Glue between the stores and the training worker: builds experiments from settings, forwards
 * live edits (β, σ, λ, objective, learning rate) as messages, routes reports into the run store,
 * and mirrors settings into the URL. Works with any WorkerLike, so tests can use a fake.
 */
import type { ObjectiveSettings } from '../math/objective';
import { PRESET_LABELS, type ExperimentConfig } from '../lib/experiment';
import { buildExperiment } from '../lib/presets';
import { settingsFromExperiment } from './selectors';
import type { BackendChoice, FromWorker, ToWorker } from '../worker/protocol';
import { workloadOf, type Workload } from '../lib/backendChoice';
import { BackendProbe, type ProbeLike } from './backendProbe';
import { DebugClient } from './debugClient';
import { WorkerRequests } from './workerRequests';
import { assetBase } from './assetBase';
import { createRunStore, type RunStore } from './runStore';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { serializeUrl, type UrlState } from './url';

/** The part of a Worker the controller uses. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A worker that sends nothing for this long while training is playing is taken as dead. */
export const WATCHDOG_MS = 20_000;

export type { ProbeLike };

export interface ControllerOptions {
  /** Starts a probe worker that measures other backends while training starts on wasm. */
  createProbe?: () => ProbeLike;
  /** Starts the training worker (called again to replace one that crashed). */
  createWorker: () => WorkerLike;
  urlState: UrlState;
  notices: string[];
  now?: () => number;
  /** Called with the new query string whenever settings change. */
  writeUrl?: (query: string) => void;
  /** How long the URL waits for settings to stop changing before it is written (drags write once at the end). */
  urlDelayMs?: number;
  /** Earlier measured backend choice of a workload in this browser (localStorage), and where to save a new one. */
  cachedBackend?: (workload: Workload) => BackendChoice | null;
  saveBackend?: (choice: BackendChoice) => void;
}

/** The controller's core: worker lifecycle, messages, experiment building, objectives and play state. */
export class ControllerCore extends WorkerRequests {
  readonly run: RunStore;
  readonly settings: SettingsStore;
  protected worker: WorkerLike;
  protected lastMessageAt = 0;
  protected resumeAfterRestart = false;
  /** The settled backend choice of each workload in this session. */
  protected readonly finalChoices = new Map<Workload, BackendChoice>();
  /** The workload the worker's backend was last chosen for. */
  protected workload: Workload = 'toy';
  protected readonly now: () => number;
  protected primaryId: string;
  protected version = 0;
  /** Objective edits waiting for the next animation frame (drags send one message per frame). */
  private readonly liveEdits = new Map<string, ObjectiveSettings>();
  private liveFrame = false;
  private urlTimer: ReturnType<typeof setTimeout> | null = null;
  protected readonly probe: BackendProbe;
  /** Test and benchmark requests (the debug handle's); a benchmark stops training, and the page follows. */
  readonly debug = new DebugClient(
    (m) => this.post(m),
    () => {
      this.playing = false;
    },
  );

  constructor(protected readonly options: ControllerOptions) {
    super();
    this.playing = !options.urlState.startPaused;
    this.worker = options.createWorker();
    this.now = options.now ?? (() => performance.now());
    this.run = createRunStore();
    this.settings = createSettingsStore(options.urlState, options.notices);
    this.probe = new BackendProbe(options.createProbe);
    const built = buildExperiment(options.urlState.settings);
    this.run.getState().resetExperiment(built.config);
    this.primaryId = built.primaryId;
    this.attach(this.worker);
    this.settings.subscribe(() => this.scheduleUrlWrite());
  }

  /** Write the URL once settings have been still for urlDelayMs (0: at once). */
  private scheduleUrlWrite(): void {
    const write = (): void => {
      this.urlTimer = null;
      this.options.writeUrl?.(serializeUrl(this.settings.getState()));
    };
    const delay = this.options.urlDelayMs ?? 250;
    if (delay <= 0) {
      write();
      return;
    }
    if (this.urlTimer) clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(write, delay);
  }

  /** The experiment as the worker reports it (objectives as in force); before its first report, the one sent. */
  get currentExperiment(): ExperimentConfig {
    return this.run.getState().experiment as ExperimentConfig;
  }

  /** Start: choose backend, build the experiment (continuing a saved run of it, paused), play. */
  start(): void {
    const s = this.settings.getState();
    this.lastMessageAt = this.now();
    this.sendInit(workloadOf(this.currentExperiment));
    if (s.speed !== null) this.post({ type: 'set-speed', maxStepsPerSecond: s.speed });
    this.configure(true);
  }

  /** Ask the worker to choose a backend for `workload` (measured, or from this browser's cache for it). */
  protected sendInit(workload: Workload, useCache = true): void {
    const s = this.settings.getState();
    this.workload = workload;
    const cached = useCache
      ? (this.finalChoices.get(workload) ?? this.options.cachedBackend?.(workload) ?? null)
      : null;
    this.post({ type: 'init', backend: s.backend, cached, assetBase: assetBase(), pool: s.pool, workload });
  }

  protected attach(worker: WorkerLike): void {
    worker.onmessage = (e) => {
      if (worker === this.worker) this.onMessage(e.data);
    };
    worker.onerror = (e) => {
      if (worker === this.worker) this.restart(`it failed: ${e.message || 'unknown error'}`);
    };
  }

  /** Replace a crashed or silent worker; the run continues from its last save. */
  restart(reason: string): void {
    this.resumeAfterRestart = this.playing;
    this.worker.terminate();
    this.worker = this.options.createWorker();
    this.attach(this.worker);
    this.settings
      .getState()
      .addNotice(
        `The training worker stopped (${reason}) and was restarted; the run continues from its last save. Steps since that save (at most a few seconds) were lost.`,
      );
    this.start();
  }

  /** Watchdog: call periodically; restarts a worker that has gone silent while playing. */
  checkHealth(): void {
    if (this.playing && this.run.getState().phase === 'running' && this.now() - this.lastMessageAt > WATCHDOG_MS) {
      this.restart(`no message for ${WATCHDOG_MS / 1000} s`);
    }
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get primaryModelId(): string {
    return this.primaryId;
  }

  /** The model the controls edit: the selected one if trained, else the primary. */
  selectedId(): string {
    const sel = this.settings.getState().selected;
    const ids = this.currentExperiment.models.map((m) => m.id);
    return sel && ids.includes(sel) ? sel : this.primaryId;
  }

  protected post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  protected onMessage(msg: FromWorker): void {
    this.lastMessageAt = this.now();
    if (msg.type === 'restored') this.onRestored(msg);
    if (msg.type === 'experiment' && msg.version >= this.version) {
      // The URL and the controls follow what the worker put in force, not what the page asked for.
      this.settings
        .getState()
        .setSettings(settingsFromExperiment(this.settings.getState().settings, msg.experiment, this.primaryId));
    }
    // Only the owner trains: the worker refuses to play elsewhere, and the page follows it.
    if (msg.type === 'ownership' && !msg.owned) this.playing = false;
    if (msg.type === 'ownership' && msg.reason === 'granted')
      this.settings
        .getState()
        .addNotice(
          'This tab now trains this experiment: the other tab closed or handed it over. It continues from the newest save, paused.',
        );
    if (msg.type === 'notice') {
      this.settings.getState().addNotice(msg.message);
    }
    if (msg.type === 'backend') {
      // Measure the remaining candidates in a probe worker; move training if one is faster.
      if (msg.choice.provisional)
        this.probe.start(msg.choice, (choice) => this.post({ type: 'switch-backend', choice }));
      else {
        this.finalChoices.set(msg.choice.workload ?? 'toy', msg.choice);
        this.options.saveBackend?.(msg.choice);
      }
    }
    if (msg.type === 'debug-reply') this.debug.deliver(msg.reply);
    this.replies.deliver(msg);
    this.run.getState().receive(msg, this.now());
  }

  /** A saved run continues (its objectives arrive with the 'experiment' message): stay paused, say so. */
  protected onRestored(msg: Extract<FromWorker, { type: 'restored' }>): void {
    this.playing = msg.resume;
    const when = new Date(msg.savedAt).toLocaleTimeString();
    if (msg.resume) return; // the worker explains itself in a notice and goes on training
    if (this.resumeAfterRestart) {
      this.resumeAfterRestart = false;
      this.settings.getState().addNotice(`Continued from the save at step ${msg.step} (${when}).`);
      this.play();
      return;
    }
    // In a lesson the chapter's own note says it starts from a checkpoint.
    if (this.settings.getState().lesson !== null) return;
    this.settings
      .getState()
      .addNotice(
        `Restored your run at step ${msg.step} (saved ${when}). It is paused: press Play to continue, or Reset to start over.`,
      );
  }

  /** Rebuild the experiment from the settings (preset, family, seed) and restart training. */
  configure(restore = false): void {
    const built = buildExperiment(this.settings.getState().settings);
    // Another workload (toy ↔ image VAE, few ↔ many toy models) is measured for its own backend when the choice is
    // automatic.
    const workload = workloadOf(built.config);
    if (workload !== this.workload && this.settings.getState().backend === 'auto') this.sendInit(workload);
    this.primaryId = built.primaryId;
    this.liveEdits.clear();
    this.run.getState().resetExperiment(built.config);
    const s = this.settings.getState();
    const label = `${PRESET_LABELS[s.settings.preset]}${built.config.dataset === 'custom' ? ' (your images)' : ''}, seed ${s.settings.seed}`;
    this.post({
      type: 'configure',
      experiment: built.config,
      play: this.playing,
      restore,
      label,
      query: serializeUrl(s),
    });
    this.sendSelection();
  }

  protected sendSelection(): void {
    const sel = this.selectedId();
    const cmp = this.settings.getState().compareId;
    // Toy: tables of every model in small presets (Figure 2). Images: grids of the selected run (and the compared one).
    const exp = this.currentExperiment;
    const ids =
      exp.dataset === 'toy' && exp.models.length <= 3
        ? exp.models.map((m) => m.id)
        : cmp && cmp !== sel
          ? [sel, cmp]
          : [sel];
    this.post({ type: 'select', modelIds: ids });
  }

  play(): void {
    this.playing = true;
    this.post({ type: 'play' });
  }

  pause(): void {
    this.playing = false;
    this.post({ type: 'pause' });
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  step(count = 1): void {
    if (this.playing) this.pause();
    this.post({ type: 'step', count });
  }

  /** Re-initialise every model from the seed; the worker keeps the experiment in force (edited objectives included). */
  reset(): void {
    this.flushLiveEdits();
    this.run.getState().resetExperiment(this.currentExperiment);
    this.post({ type: 'reset' });
  }

  select(id: string): void {
    this.settings.getState().select(id);
    this.sendSelection();
  }

  /** The objective of a model as the worker last reported it (or as just requested). */
  objectiveOf(id: string): ObjectiveSettings | undefined {
    return this.run.getState().models[id]?.spec.objective;
  }

  /**
   * Ask for another objective on one model while training runs. The page echoes it at once and
   * then shows what the worker reports. With `live` (drags), requests are sent once per animation frame.
   */
  setObjective(id: string, objective: ObjectiveSettings, live = false): void {
    const spec = this.run.getState().models[id]?.spec;
    if (!spec || spec.kind !== 'trained') return;
    this.run.getState().updateSpec({ ...spec, objective });
    if (!live) {
      this.liveEdits.delete(id);
      this.sendObjective(id, objective);
      return;
    }
    this.liveEdits.set(id, objective);
    if (this.liveFrame) return;
    this.liveFrame = true;
    const frame =
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
    frame(() => this.flushLiveEdits());
  }

  private flushLiveEdits(): void {
    this.liveFrame = false;
    for (const [id, o] of this.liveEdits) this.sendObjective(id, o);
    this.liveEdits.clear();
  }

  private sendObjective(id: string, objective: ObjectiveSettings): void {
    this.version += 1;
    this.run.getState().objectiveSent(this.version, this.now());
    this.post({ type: 'set-objective', modelId: id, objective, version: this.version });
  }

  setLearningRate(lr: number): void {
    this.post({ type: 'set-learning-rate', learningRate: lr });
  }
}
