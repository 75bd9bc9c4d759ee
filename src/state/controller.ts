/**
 * Glue between the stores and the training worker: builds experiments from settings, forwards
 * live edits (β, σ, λ, objective, learning rate) as messages, routes reports into the run store,
 * and mirrors settings into the URL. Works with any WorkerLike, so tests can use a fake.
 */
import type { ObjectiveSettings } from '../math/objective';
import { buildExperiment, defaultLearningRate, MAX_EXTRA_RUNS, PRESET_LABELS, presetDataset, type ExperimentConfig, type ModelSpec, type RunEdits } from '../lib/experiment';
import type { HistoryRow } from '../lib/history';
import type { BinaryImageSet } from '../data/binaryImages';
import type { BackendChoice, BackendName, BenchRow, FromWorker, MlpBenchRow, ToWorker } from '../worker/protocol';
import { BackendProbe, type ProbeLike } from './backendProbe';
import { Replies } from './replies';
import { createRunStore, type RunStore } from './runStore';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { isValidSettings, serializeUrl, type UrlState } from './url';
import { decodeRunFile, encodeRunFile } from '../lib/runFile';

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
  /** Earlier measured backend choice for this browser (localStorage), and where to save a new one. */
  cachedBackend?: BackendChoice | null;
  saveBackend?: (choice: BackendChoice) => void;
}

export class Controller {
  readonly run: RunStore;
  readonly settings: SettingsStore;
  private worker: WorkerLike;
  private lastMessageAt = 0;
  private resumeAfterRestart = false;
  private lastFinalChoice: BackendChoice | null = null;
  private readonly now: () => number;
  private experiment: ExperimentConfig;
  private primaryId: string;
  private version = 0;
  private playing = true;
  private readonly replies = new Replies((m) => this.post(m));
  private readonly probe: BackendProbe;

  constructor(private readonly options: ControllerOptions) {
    this.worker = options.createWorker();
    this.now = options.now ?? (() => performance.now());
    this.run = createRunStore();
    this.settings = createSettingsStore(options.urlState, options.notices);
    this.probe = new BackendProbe(options.createProbe);
    const built = buildExperiment(options.urlState.settings);
    this.experiment = built.config;
    this.primaryId = built.primaryId;
    this.attach(this.worker);
    this.settings.subscribe((s) => options.writeUrl?.(serializeUrl(s)));
  }

  /** Start: choose backend, build the experiment (continuing a saved run of it, paused), play. */
  start(): void {
    const s = this.settings.getState();
    this.lastMessageAt = this.now();
    this.post({ type: 'init', backend: s.backend, cached: this.lastFinalChoice ?? this.options.cachedBackend ?? null, assetBase: assetBase() });
    this.configure(true);
  }

  private attach(worker: WorkerLike): void {
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
    this.settings.getState().addNotice(`The training worker stopped (${reason}) and was restarted; the run continues from its last save. Steps since that save (at most a few seconds) were lost.`);
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
    const ids = this.experiment.models.map((m) => m.id);
    return sel && ids.includes(sel) ? sel : this.primaryId;
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private onMessage(msg: FromWorker): void {
    this.lastMessageAt = this.now();
    if (msg.type === 'restored') this.onRestored(msg);
    if (msg.type === 'notice') {
      this.settings.getState().addNotice(msg.message);
    }
    if (msg.type === 'backend') {
      // Measure the remaining candidates in a probe worker; move training if one is faster.
      if (msg.choice.provisional) this.probe.start(msg.choice, (choice) => this.post({ type: 'switch-backend', choice }));
      else {
        this.lastFinalChoice = msg.choice;
        this.options.saveBackend?.(msg.choice);
      }
    }
    this.replies.deliver(msg);
    this.run.getState().receive(msg, this.now());
  }

  /** A saved run continues: take over its objectives, stay paused, say so. */
  private onRestored(msg: Extract<FromWorker, { type: 'restored' }>): void {
    this.playing = msg.resume;
    for (const { id, objective } of msg.objectives) {
      const spec = this.experiment.models.find((m) => m.id === id);
      if (spec) this.recordObjective(spec, objective);
    }
    const when = new Date(msg.savedAt).toLocaleTimeString();
    if (msg.resume) return; // the worker explains itself in a notice and goes on training
    if (this.resumeAfterRestart) {
      this.resumeAfterRestart = false;
      this.settings.getState().addNotice(`Continued from the save at step ${msg.step} (${when}).`);
      this.play();
      return;
    }
    this.settings.getState().addNotice(`Restored your run at step ${msg.step} (saved ${when}). It is paused: press Play to continue, or Reset to start over.`);
  }

  /** Rebuild the experiment from the settings (preset, family, seed) and restart training. */
  configure(restore = false): void {
    const built = buildExperiment(this.settings.getState().settings);
    this.experiment = built.config;
    this.primaryId = built.primaryId;
    this.run.getState().resetModels(this.experiment.models);
    const s = this.settings.getState();
    const label = `${PRESET_LABELS[s.settings.preset]}${this.experiment.dataset === 'custom' ? ' (your images)' : ''}, seed ${s.settings.seed}`;
    this.post({ type: 'configure', experiment: this.experiment, play: this.playing, restore, label, query: serializeUrl(s) });
    this.sendSelection();
  }

  private sendSelection(): void {
    const sel = this.selectedId();
    const cmp = this.settings.getState().compareId;
    // Toy: tables of every model in small presets (Figure 2). Images: grids of the selected run (and the compared one).
    const ids = this.experiment.dataset === 'toy' && this.experiment.models.length <= 3 ? this.experiment.models.map((m) => m.id) : cmp && cmp !== sel ? [sel, cmp] : [sel];
    this.post({ type: 'select', modelIds: ids });
  }

  /** Show run `id` beside the selected one (null: stop comparing). */
  compare(id: string | null): void {
    this.settings.getState().setCompare(id);
    this.sendSelection();
  }

  /**
   * Image presets: add a copy of run `from` with its own β (kind beta) or σ (target-lagrange).
   * The copy starts from `from`'s current weights; every other run keeps training undisturbed.
   */
  duplicateRun(from: string, kind: 'beta' | 'target-lagrange', value: number): string | null {
    const s = this.settings.getState().settings;
    if (this.experiment.dataset === 'toy' || s.runs.extra.length >= MAX_EXTRA_RUNS) return null;
    let n = 1;
    while (this.experiment.models.some((m) => m.id === `c${n}`) || s.runs.removed.includes(`c${n}`)) n++;
    const id = `c${n}`;
    this.editRuns({ ...s.runs, extra: [...s.runs.extra, { id, from, kind, value }] }, [{ id, from }]);
    return id;
  }

  /** Image presets: stop and drop run `id` (the others keep training). */
  removeRun(id: string): void {
    const s = this.settings.getState().settings;
    if (this.experiment.dataset === 'toy' || this.experiment.models.length <= 1) return;
    const extra = s.runs.extra.filter((e) => e.id !== id);
    const removed = s.runs.extra.some((e) => e.id === id) ? s.runs.removed : [...s.runs.removed, id];
    if (this.settings.getState().compareId === id) this.settings.getState().setCompare(null);
    if (this.selectedId() === id) this.settings.getState().select(null);
    this.editRuns({ extra, removed }, []);
  }

  private editRuns(runs: RunEdits, copies: { id: string; from: string }[]): void {
    this.settings.getState().setSettings({ runs });
    const built = buildExperiment(this.settings.getState().settings);
    // Runs that stay keep the objectives edited on them.
    const models = built.config.models.map((m) => this.experiment.models.find((x) => x.id === m.id) ?? m);
    this.experiment = { ...built.config, models };
    this.primaryId = models.some((m) => m.id === this.primaryId) ? this.primaryId : built.primaryId;
    this.run.getState().setModels(models);
    this.post({ type: 'edit-runs', experiment: this.experiment, copies });
    this.sendSelection();
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

  reset(): void {
    this.run.getState().resetModels(this.experiment.models);
    this.post({ type: 'reset' });
  }

  select(id: string): void {
    this.settings.getState().select(id);
    this.sendSelection();
  }

  /** The objective of a model as it stands now. */
  objectiveOf(id: string): ObjectiveSettings | undefined {
    return this.experiment.models.find((m) => m.id === id)?.objective;
  }

  /** Change one model's objective while training runs; the primary model's edits go to the URL. */
  setObjective(id: string, objective: ObjectiveSettings): void {
    const spec = this.experiment.models.find((m) => m.id === id);
    if (!spec || spec.kind !== 'trained') return;
    this.recordObjective(spec, objective);
    this.version += 1;
    this.run.getState().objectiveSent(this.version, this.now());
    this.post({ type: 'set-objective', modelId: id, objective, version: this.version });
  }

  /** Record a model's objective in the experiment, the run store and (primary model) the URL. */
  private recordObjective(spec: ModelSpec, objective: ObjectiveSettings): void {
    const updated: ModelSpec = { ...spec, objective };
    this.experiment = { ...this.experiment, models: this.experiment.models.map((m) => (m.id === spec.id ? updated : m)) };
    this.run.getState().updateSpec(updated);
    if (spec.id === this.primaryId) this.settings.getState().setPrimaryObjective(objective);
  }

  setLearningRate(lr: number): void {
    this.settings.getState().setSettings({ learningRate: lr });
    this.experiment = { ...this.experiment, learningRate: lr };
    this.post({ type: 'set-learning-rate', learningRate: lr });
  }

  /** Structural changes rebuild the experiment. */
  /** Change what is trained (preset, family, architecture, batch, seed): a new experiment. */
  setStructure(patch: Partial<Pick<UrlState['settings'], 'preset' | 'family' | 'seed' | 'arch' | 'batchSize' | 'images'>>): void {
    const before = this.settings.getState().settings;
    const next = { ...patch };
    // Another dataset: its own default learning rate (Adam 1e-3 for images, 1e-2 for the toy).
    if (patch.preset && presetDataset(patch.preset) !== presetDataset(before.preset)) Object.assign(next, { learningRate: defaultLearningRate(presetDataset(patch.preset)) });
    this.settings.getState().setSettings(next);
    this.settings.getState().select(null);
    this.configure();
  }

  setBackend(backend: UrlState['backend']): void {
    this.probe.cancel();
    this.settings.getState().setBackend(backend);
    this.post({ type: 'init', backend, cached: null, assetBase: assetBase() });
    this.configure();
  }

  /** The experiment as it runs now (objectives as edited). */
  get currentExperiment(): ExperimentConfig {
    return this.experiment;
  }

  /** Every model's recorded history, from the worker. */
  /** Train on the user's own images (already binarised): hand them to the worker, then restart on them. */
  useCustomImages(set: BinaryImageSet): void {
    this.post({ type: 'set-images', set });
    const s = this.settings.getState().settings;
    this.setStructure({ images: 'custom', ...(presetDataset(s.preset) === 'toy' ? { preset: 'mnist-single' as const } : {}) });
  }

  /** The current run (settings, experiment, weights, optimiser state, histories) as one file's text; null when nothing is trained. */
  async exportRun(): Promise<string | null> {
    const msg = await this.replies.ask({ type: 'get-run' }, 'run');
    return msg.record ? encodeRunFile(this.settings.getState().settings, this.experiment, msg.record) : null;
  }

  /**
   * Load a run file: checked here (schema, version, structure, values), then rebuilt in the
   * worker; only then does it replace the saved run and start, paused. Returns an error message
   * (nothing changed) or null.
   */
  async importRun(text: string): Promise<string | null> {
    const decoded = decodeRunFile(text, isValidSettings);
    if ('error' in decoded) return decoded.error;
    const { file } = decoded;
    const record = file.record as Extract<ToWorker, { type: 'import-run' }>['record'];
    const { error } = await this.replies.ask({ type: 'import-run', experiment: file.experiment, record }, 'import-result');
    if (error) {
      if (this.playing) this.post({ type: 'play' });
      return error;
    }
    this.playing = false;
    this.settings.getState().setSettings(file.settings);
    this.settings.getState().select(null);
    this.configure(true);
    return null;
  }

  /** k of the held-out IWAE bound: applied at once, training goes on. */
  setIwaeSamples(k: number): void {
    this.settings.getState().setSettings({ iwaeSamples: k });
    this.experiment = { ...this.experiment, iwaeSamples: k };
    this.post({ type: 'set-iwae', samples: k });
  }

  /** Run InfoVAE's Markov chain from ancestral codes of an image model (frames arrive in the run store). */
  markovChain(modelId: string, meanField = false): void {
    this.post({ type: 'markov-chain', modelId, meanField });
  }

  /** Stop drawing the image grid in progress (PixelCNN sampling takes seconds). */
  cancelImages(): void {
    this.post({ type: 'cancel-images' });
  }

  async histories(): Promise<Record<string, HistoryRow[]>> {
    return (await this.replies.ask({ type: 'get-history' }, 'history')).histories;
  }

  /** Delete the run saved in this browser (training goes on; the next save writes a new one). */
  deleteSaved(key?: string): void {
    this.post(key === undefined ? { type: 'delete-saved' } : { type: 'delete-saved', key });
  }

  /** Delete every saved run in this browser (training goes on; the next save writes the current one again). */
  clearSaved(): void {
    this.post({ type: 'clear-saved' });
  }

  /** Ask the worker for the saved-run list (it also arrives after every save). */
  listSaved(): void {
    this.post({ type: 'list-saved' });
  }

  /** Test hook: destroy the WebGPU device (when training on webgpu), as a driver reset would. */
  loseDevice(): void {
    this.post({ type: 'lose-device' });
  }

  /** Soak hook: the worker's tfjs memory (tensors, bytes, GPU bytes on webgl). */
  async memory(): Promise<Extract<FromWorker, { type: 'memory' }>> {
    return this.replies.ask({ type: 'get-memory' }, 'memory');
  }

  /** Test hook: make the worker fail with an uncaught error, as a real crash would. */
  crashWorker(): void {
    this.post({ type: 'crash' });
  }

  injectNaN(id: string): void {
    this.post({ type: 'inject-nan', modelId: id });
  }

  /** Run the image (MLP VAE) benchmark in the worker (training pauses); resolves with its rows. */
  async benchMlp(backends: BackendName[], maxSeconds: number): Promise<MlpBenchRow[]> {
    return (await this.replies.ask({ type: 'bench-mlp', backends, maxSeconds }, 'bench-mlp-result')).rows;
  }

  /** Run the throughput benchmark in the worker (training pauses); resolves with its rows. */
  async bench(request: Extract<ToWorker, { type: 'bench' }>['request']): Promise<BenchRow[]> {
    this.playing = false;
    return (await this.replies.ask({ type: 'bench', request }, 'bench-result')).rows;
  }
}

/** The app's data folder (public/data, copied to the build's root) as an absolute URL. */
function assetBase(): string {
  return typeof document === 'undefined' ? '' : new URL('data/', document.baseURI).href;
}
