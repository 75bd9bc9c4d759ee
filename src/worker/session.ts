/**
 * A training session: one experiment's population on the current backend, the play/pause/step
 * loop, objective changes between steps, fault handling and reports. Independent of the worker
 * global scope (it gets a `post` function), so it runs in Node tests as it runs in the worker.
 */
import type { ObjectiveSettings } from '../math/objective';
import { handOptimumTables } from '../math/handOptimum';
import { toyProblem } from '../math/toyData';
import { toyMetrics } from '../math/toyMetrics';
import type { ExperimentConfig, ModelSpec } from '../lib/experiment';
import { emptyHistory, recordHistory, type HistoryRow, type HistoryState } from '../lib/history';
import { ToyPopulation, type PopulationSnapshot } from '../model/toyPopulation';
import { copyTables, modelMetrics, tablesOf, type ModelMetrics } from '../model/toyReport';
import { TABLE_SIZE } from '../model/toyLayout';
import type { FromWorker, ModelReport } from './protocol';
import { recordBytes, RUN_RECORD_VERSION, sameExperiment, type RunRecord, type RunStorage } from './storage';

/** A chunk of steps runs for about this long before the worker reads back and yields. */
export const CHUNK_TARGET_MS = 40;
/** Most steps in one chunk. */
export const MAX_STEPS_PER_CHUNK = 2000;
/** A running session saves its state at most this often (and whenever it pauses). */
export const SAVE_INTERVAL_MS = 5000;
/** Reports are posted at most this often while playing (sooner right after an objective change). */
export const REPORT_INTERVAL_MS = 100;

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Yield to the event loop so queued messages (β changes, pause) are handled between chunks. */
export const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class TrainingSession {
  private population: ToyPopulation | undefined;
  private trained: ModelSpec[] = [];
  private hand: { spec: ModelSpec; metrics: ModelMetrics; logTables: Float32Array }[] = [];
  private selected = new Set<string>();
  private running = false;
  private looping = false;
  /** Bumped when the population is abandoned (device loss): older loops and reads must stop. */
  private generation = 0;
  /** What the user asked for (play or pause), whatever state the loop is in. */
  private wantRunning = false;
  /** Called when the training loop fails; by default the error is posted to the UI. */
  onLoopError: (e: Error) => void = (e) => this.post({ type: 'error', message: `Training stopped: ${e.message}` });
  private stepsPerChunk = 1;
  private version = 0;
  private lastReportTime = 0;
  private lastReportStep = 0;
  private lastPostTime = Number.NEGATIVE_INFINITY;
  private reportedVersion = 0;
  private stepsPerSecond = 0;

  private experiment: ExperimentConfig | undefined;
  private histories: Record<string, HistoryState> = {};
  private lastSaveTime = 0;
  private saveFailed = false;

  constructor(
    private readonly post: Post,
    private readonly now: () => number = () => performance.now(),
    private readonly storage: RunStorage | null = null,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Whether the user last asked to play (true) or pause (false). */
  get wantsToRun(): boolean {
    return this.wantRunning;
  }

  /** True while the play loop is between chunks or inside one. */
  get isLooping(): boolean {
    return this.looping;
  }

  get step(): number {
    return this.population?.step ?? 0;
  }

  /**
   * Build the population for an experiment (disposing any previous one) and report. With
   * `restore`, a stored run of the same experiment continues where it was; returns whether one did.
   */
  async configure(experiment: ExperimentConfig, restore = false, resume = false): Promise<boolean> {
    this.population?.dispose();
    this.population = undefined;
    this.experiment = experiment;
    this.histories = Object.fromEntries(experiment.models.map((m) => [m.id, emptyHistory()]));
    this.trained = experiment.models.filter((m) => m.kind === 'trained');
    const problem = toyProblem();
    this.hand = experiment.models
      .filter((m) => m.kind === 'hand')
      .map((spec) => {
        const t = handOptimumTables(problem);
        const logTables = new Float32Array(TABLE_SIZE);
        logTables.set(t.logEnc, 0);
        logTables.set(t.logDec, t.logEnc.length);
        logTables.set(t.logMarg, t.logEnc.length + t.logDec.length);
        const m = toyMetrics(problem, t);
        return { spec, logTables, metrics: { ...m, betaEffective: 1, targetRateNats: m.rateNats, multiplier: 0 } };
      });
    if (this.trained.length > 0) {
      this.population = new ToyPopulation({
        family: experiment.family,
        objectives: this.trained.map((m) => m.objective),
        seed: experiment.seed,
        learningRate: experiment.learningRate,
      });
    }
    this.stepsPerChunk = 1;
    this.lastReportStep = 0;
    this.stepsPerSecond = 0;
    const restored = restore ? await this.restore(experiment, resume) : false;
    await this.report();
    return restored;
  }

  /** Continue a stored run of this experiment, if the storage has one. */
  private async restore(experiment: ExperimentConfig, resume: boolean): Promise<boolean> {
    if (!this.storage || !this.population) return false;
    let rec;
    try {
      rec = await this.storage.load();
    } catch (e) {
      this.post({ type: 'error', message: `Could not read the saved run: ${(e as Error).message}` });
      return false;
    }
    if (!rec || !sameExperiment(rec.experiment, experiment)) return false;
    try {
      this.attachPopulation(rec.snapshot);
    } catch (e) {
      this.post({ type: 'error', message: `The saved run could not be restored (${(e as Error).message}); starting afresh.` });
      return false;
    }
    const pop = this.population as ToyPopulation;
    this.trained.forEach((m, i) => (m.objective = pop.objective(i)));
    for (const id of Object.keys(this.histories)) {
      const h = rec.histories?.[id];
      if (h) this.histories[id] = h;
    }
    this.lastSaveTime = this.now();
    this.post({ type: 'restored', step: pop.step, savedAt: rec.savedAt, resume, objectives: this.trained.map((m) => ({ id: m.id, objective: m.objective })), histories: this.historyRows() });
    return true;
  }

  /** Save the current run (weights, optimiser state, objectives) to storage; failures are reported once, training goes on. */
  async save(): Promise<void> {
    const pop = this.population;
    if (!this.storage || !pop || !this.experiment) return;
    this.lastSaveTime = this.now();
    try {
      const snapshot = await pop.exportState();
      const experiment = { ...this.experiment, models: this.experiment.models.map((m) => this.trained.find((t) => t.id === m.id) ?? m) };
      const record: RunRecord = { version: RUN_RECORD_VERSION, savedAt: Date.now(), experiment, snapshot, histories: this.histories };
      await this.storage.save(record);
      this.saveFailed = false;
      this.post({ type: 'saved', info: { step: snapshot.step, bytes: recordBytes(record), savedAt: record.savedAt } });
    } catch (e) {
      if (!this.saveFailed) this.post({ type: 'error', message: `Could not save the run (training goes on): ${(e as Error).message}` });
      this.saveFailed = true;
    }
  }

  /** Delete the saved run; training goes on (the next save writes a new one). */
  async deleteSaved(): Promise<void> {
    if (!this.storage) return;
    await this.storage.clear();
    this.lastSaveTime = this.now();
    this.post({ type: 'saved', info: null });
  }

  /** Every model's recorded history rows (copies). */
  historyRows(): Record<string, HistoryRow[]> {
    return Object.fromEntries(Object.entries(this.histories).map(([id, h]) => [id, h.rows.map((r) => [...r] as HistoryRow)]));
  }

  private record(step: number, models: ModelReport[]): void {
    for (const m of models) {
      const h = this.histories[m.id];
      const x = m.metrics;
      if (h) recordHistory(h, [step, x.rateNats, x.distortionNats, x.negElboNats, x.classInfoNats, x.betaEffective, x.multiplier]);
    }
  }

  select(ids: string[]): void {
    this.selected = new Set(ids);
  }

  setObjective(modelId: string, objective: ObjectiveSettings, version: number): void {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i < 0 || !this.population) throw new Error(`no trained model "${modelId}"`);
    this.population.setObjective(i, objective);
    (this.trained[i] as ModelSpec).objective = this.population.objective(i);
    this.version = Math.max(this.version, version);
  }

  setLearningRate(lr: number): void {
    this.population?.setLearningRate(lr);
  }

  injectNaN(modelId: string): void {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i >= 0) this.population?.injectNaN(i);
  }

  /** Start the loop; returns when paused or disposed, after reporting the final state. */
  async play(): Promise<void> {
    this.running = true;
    this.wantRunning = true;
    this.post({ type: 'status', phase: 'running', message: 'training' });
    if (this.looping) return;
    this.looping = true;
    const gen = this.generation;
    this.lastReportTime = this.now();
    try {
      while (this.running && this.population && gen === this.generation) {
        await this.chunk();
        if (gen !== this.generation) return;
        if (this.now() - this.lastSaveTime >= SAVE_INTERVAL_MS) await this.save();
        await yieldToEvents();
      }
      // The chunk in flight when pause arrived may not have been reported: report where training stopped.
      if (this.population && gen === this.generation) {
        await this.report();
        await this.save();
      }
    } catch (e) {
      // A loop whose population was abandoned (lost device) may fail on its dead tensors: ignore it.
      if (gen !== this.generation) return;
      this.running = false;
      this.onLoopError(e as Error);
    } finally {
      if (gen === this.generation) this.looping = false;
    }
    if (!this.running && gen === this.generation) this.post({ type: 'status', phase: 'paused', message: `paused at step ${this.step}` });
  }

  /** Stop after the chunk in flight; the loop then reports and posts the paused status. */
  pause(): void {
    this.running = false;
    this.wantRunning = false;
    if (!this.looping) this.post({ type: 'status', phase: 'paused', message: `paused at step ${this.step}` });
  }

  /** Run exactly `count` steps (while paused) and report. */
  async stepOnce(count: number): Promise<void> {
    if (!this.population || this.running) return;
    this.population.train(Math.max(1, Math.min(MAX_STEPS_PER_CHUNK, Math.floor(count))));
    await this.report();
  }

  /** One chunk: train, read back, report; adapts the chunk size to CHUNK_TARGET_MS. */
  private async chunk(): Promise<void> {
    const pop = this.population;
    if (!pop) return;
    const t0 = this.now();
    pop.train(this.stepsPerChunk);
    if (t0 - this.lastPostTime >= REPORT_INTERVAL_MS || this.version !== this.reportedVersion) await this.report();
    else await this.checkFaults();
    const elapsed = Math.max(0.1, this.now() - t0);
    const ratio = Math.min(2, Math.max(0.5, CHUNK_TARGET_MS / elapsed));
    this.stepsPerChunk = Math.max(1, Math.min(MAX_STEPS_PER_CHUNK, Math.round(this.stepsPerChunk * ratio)));
  }

  /** Read back R, D and parameter sums only: synchronises the backend and catches NaN/Inf between reports. */
  private async checkFaults(): Promise<void> {
    const pop = this.population;
    if (!pop) return;
    const { faults } = await pop.readState();
    for (const f of faults) this.post({ type: 'fault', modelId: (this.trained[f.index] as ModelSpec).id, quantity: f.quantity, step: f.step });
  }

  /** Read back every model, compute exact metrics, post one report (and faults). */
  async report(): Promise<void> {
    const problem = toyProblem();
    const models: ModelReport[] = this.hand.map((h) => ({ id: h.spec.id, metrics: h.metrics, active: true }));
    const tables: { id: string; logTables: Float32Array }[] = this.hand.filter((h) => this.selected.has(h.spec.id)).map((h) => ({ id: h.spec.id, logTables: h.logTables.slice() }));
    const pop = this.population;
    const gen = this.generation;
    this.lastPostTime = this.now();
    if (pop) {
      const version = this.version;
      this.reportedVersion = version;
      const { state, faults } = await pop.readState();
      const logTables = await pop.readLogTables();
      if (gen !== this.generation) return; // the population was abandoned meanwhile
      for (const f of faults) {
        const id = (this.trained[f.index] as ModelSpec).id;
        this.post({ type: 'fault', modelId: id, quantity: f.quantity, step: f.step });
      }
      this.trained.forEach((spec, i) => {
        const metrics = modelMetrics(problem, tablesOf(logTables, i), pop.objective(i), pop.step, state.multiplier[i] as number);
        models.push({ id: spec.id, metrics, active: pop.isActive(i) });
        if (this.selected.has(spec.id)) tables.push({ id: spec.id, logTables: copyTables(logTables, i) });
      });
      const t = this.now();
      const dt = (t - this.lastReportTime) / 1000;
      if (dt > 0.05 && pop.step > this.lastReportStep) {
        this.stepsPerSecond = (pop.step - this.lastReportStep) / dt;
        this.lastReportTime = t;
        this.lastReportStep = pop.step;
      }
      this.record(pop.step, models);
      this.post(
        { type: 'report', step: pop.step, stepsPerSecond: this.running ? this.stepsPerSecond : 0, version, models, tables },
        tables.map((x) => x.logTables.buffer),
      );
      return;
    }
    this.post({ type: 'report', step: 0, stepsPerSecond: 0, version: this.version, models, tables }, tables.map((x) => x.logTables.buffer));
  }

  /**
   * Drop the population without reading it back (its backend is gone, e.g. a lost WebGPU device):
   * stops the loop at once; anything still awaiting the old device is ignored when it returns.
   */
  abandonPopulation(): void {
    this.generation += 1;
    this.running = false;
    this.looping = false;
    try {
      this.population?.dispose();
    } catch {
      /* its device is gone; nothing to free */
    }
    this.population = undefined;
  }

  /** Take the population off the current backend (paused first): its state as typed arrays. */
  async detachPopulation(): Promise<PopulationSnapshot | null> {
    const pop = this.population;
    if (!pop) return null;
    const snap = await pop.exportState();
    pop.dispose();
    this.population = undefined;
    return snap;
  }

  /** Rebuild a detached population on the current backend; training continues where it was. */
  attachPopulation(snap: PopulationSnapshot): void {
    this.population?.dispose();
    this.population = ToyPopulation.fromSnapshot(snap);
    this.stepsPerChunk = 1;
    this.lastReportStep = snap.step;
  }

  dispose(): void {
    this.running = false;
    this.population?.dispose();
    this.population = undefined;
  }
}
