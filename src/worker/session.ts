/**
 * A training session: one experiment's trainer (toy population or image runs) on the current
 * backend, the play/pause/step loop, objective changes between steps, fault handling and
 * reports. Independent of the worker global scope (it gets a `post` function and an image
 * loader), so it runs in Node tests as it runs in the worker.
 */
import type { ObjectiveSettings } from '../math/objective';
import type { BinaryImageSet } from '../data/binaryImages';
import type { ExperimentConfig } from '../lib/experiment';
import type { HistoryRow } from '../lib/history';
import { RateMeter } from '../lib/rateMeter';
import { ModelHistories } from './histories';
import { ImageTrainer } from './imageTrainer';
import { clampSteps, nextChunkSize, REPORT_INTERVAL_MS, yieldToEvents } from './pacing';
import type { FromWorker } from './protocol';
import { RunKeeper } from './runKeeper';
import { RUN_RECORD_VERSION, type RunRecord, type RunStorage } from './storage';
import { ToyTrainer } from './toyTrainer';
import { MixtureTrainer } from './mixtureTrainer';
import type { Trainer, TrainerFault, TrainerSnapshot } from './trainer';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Loads the image set of a dataset (the MNIST asset in the app; a file in Node). */
export type ImageLoader = (source: 'mnist' | 'custom') => Promise<BinaryImageSet>;

export class TrainingSession {
  /** How the saved-run list names the current experiment, and the query that reopens it. */
  private naming: { label: string; query: string } = { label: 'saved run', query: '' };
  private population: Trainer | undefined;
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
  private readonly rate = new RateMeter();
  private lastPostTime = Number.NEGATIVE_INFINITY;
  private reportedVersion = 0;

  private experiment: ExperimentConfig | undefined;
  private readonly histories = new ModelHistories();
  private readonly keeper: RunKeeper;

  constructor(
    private readonly post: Post,
    private readonly now: () => number = () => performance.now(),
    storage: RunStorage | null = null,
    private readonly loadImages: ImageLoader | null = null,
  ) {
    this.keeper = new RunKeeper(storage, post, now);
  }

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
   * Build the trainer for an experiment (disposing any previous one) and report. With
   * `restore`, a stored run of the same experiment continues where it was; returns whether one did.
   */
  async configure(experiment: ExperimentConfig, restore = false, resume = false, naming?: { label?: string | undefined; query?: string | undefined }): Promise<boolean> {
    if (naming) this.naming = { label: naming.label ?? 'saved run', query: naming.query ?? '' };
    this.population?.dispose();
    this.population = undefined;
    this.experiment = experiment;
    this.histories.reset(experiment.models.map((m) => m.id));
    this.population = await this.buildTrainer(experiment);
    this.stepsPerChunk = 1;
    this.rate.reset(0, this.now(), false);
    const restored = restore ? await this.restore(experiment, resume) : false;
    await this.report();
    return restored;
  }

  private async buildTrainer(experiment: ExperimentConfig): Promise<Trainer> {
    if (experiment.dataset === 'toy') return new ToyTrainer(experiment);
    if (experiment.dataset === 'gauss') return new MixtureTrainer(experiment, this.post);
    if (!this.loadImages) throw new Error('no image data available here');
    this.post({ type: 'status', phase: 'loading', message: experiment.dataset === 'mnist' ? 'loading MNIST digits' : 'loading your images' });
    const set = await this.loadImages(experiment.dataset);
    return new ImageTrainer(experiment, set, this.post);
  }

  /** Continue a stored run of this experiment, if the storage has one. */
  private async restore(experiment: ExperimentConfig, resume: boolean): Promise<boolean> {
    const trainer = this.population;
    if (!trainer || trainer.trained.length === 0) return false;
    const rec = await this.keeper.load(experiment);
    if (!rec) return false;
    try {
      trainer.importState(rec.snapshot);
    } catch (e) {
      this.post({ type: 'error', message: `The saved run could not be restored (${(e as Error).message}); starting afresh.` });
      return false;
    }
    this.rate.reset(trainer.step, this.now(), false);
    this.histories.restore(rec.histories);
    this.post({ type: 'restored', step: trainer.step, savedAt: rec.savedAt, resume, objectives: trainer.trained.map((m) => ({ id: m.id, objective: m.objective })), histories: this.histories.rows() });
    return true;
  }

  /**
   * Add or remove image runs without disturbing the others (copies start from their source's
   * state). Other experiment changes need configure().
   */
  async editRuns(experiment: ExperimentConfig, copies: ReadonlyMap<string, string>): Promise<void> {
    const pop = this.population;
    if (!(pop instanceof ImageTrainer)) throw new Error('run edits need an image experiment');
    await pop.editRuns(experiment, copies);
    this.experiment = experiment;
    this.histories.keep(experiment.models.map((m) => m.id));
    await this.report();
  }

  /**
   * Make an imported run the saved run, after rebuilding its models on this backend as a check:
   * a file that does not fit changes nothing (returns the message). The caller then configures
   * the experiment with restore to load it.
   */
  async importRun(experiment: ExperimentConfig, record: Omit<RunRecord, 'version' | 'experiment'>): Promise<string | null> {
    let trainer: Trainer | undefined;
    try {
      trainer = await this.buildTrainer(experiment);
      trainer.importState(record.snapshot);
    } catch (e) {
      return `its models could not be rebuilt (${(e as Error).message})`;
    } finally {
      trainer?.dispose();
    }
    try {
      await this.keeper.replace({ version: RUN_RECORD_VERSION, savedAt: record.savedAt, experiment, snapshot: record.snapshot, histories: record.histories });
    } catch (e) {
      return `it could not be stored (${(e as Error).message})`;
    }
    return null;
  }

  /** The current run's full state (null when nothing is trained). */
  async currentRecord(): Promise<Omit<RunRecord, 'version' | 'experiment'> | null> {
    const pop = this.population;
    if (!pop || pop.trained.length === 0) return null;
    return { savedAt: Date.now(), snapshot: await pop.exportState(), histories: this.histories.saved };
  }

  /** Save the current run (weights, optimiser state, objectives, histories); failures are reported once, training goes on. */
  async save(): Promise<void> {
    const pop = this.population;
    const exp = this.experiment;
    if (!pop || !exp || pop.trained.length === 0) return;
    await this.keeper.save(async () => ({
      version: RUN_RECORD_VERSION,
      savedAt: Date.now(),
      experiment: { ...exp, models: exp.models.map((m) => pop.trained.find((t) => t.id === m.id) ?? m) },
      snapshot: await pop.exportState(),
      histories: this.histories.saved,
      ...this.naming,
    }));
  }

  /** Delete the current experiment's saved run (or the run with `key`); training goes on (the next save writes a new one). */
  async deleteSaved(key?: string): Promise<void> {
    await this.keeper.delete(this.experiment ?? null, key);
  }

  /** Delete every saved run; training goes on. */
  async clearSaved(): Promise<void> {
    await this.keeper.clearAll();
  }

  /** Post the saved-run list. */
  async listSaved(): Promise<void> {
    await this.keeper.postList();
  }

  /** Every model's recorded history rows (copies). */
  historyRows(): Record<string, HistoryRow[]> {
    return this.histories.rows();
  }

  select(ids: string[]): void {
    this.selected = new Set(ids);
    if (this.population instanceof ImageTrainer || this.population instanceof MixtureTrainer) this.population.selectionChanged();
  }

  setObjective(modelId: string, objective: ObjectiveSettings, version: number): void {
    if (!this.population) throw new Error(`no trained model "${modelId}"`);
    this.population.setObjective(modelId, objective);
    this.version = Math.max(this.version, version);
  }

  setLearningRate(lr: number): void {
    this.population?.setLearningRate(lr);
  }

  injectNaN(modelId: string): void {
    this.population?.injectNaN(modelId);
  }

  /** Image experiments: k of the held-out IWAE bound (measured again at the next report). */
  setIwaeSamples(k: number): void {
    if (this.population instanceof ImageTrainer) this.population.setIwaeSamples(k);
    if (this.experiment) this.experiment = { ...this.experiment, iwaeSamples: k };
  }

  /** Stop the image grid being drawn, if any. */
  cancelImages(): void {
    if (this.population instanceof ImageTrainer) this.population.cancelImages();
  }

  /** Image experiments: InfoVAE's Markov chain of one model (posted as 'chain'). */
  async markovChain(modelId: string, meanField = false): Promise<void> {
    if (this.population instanceof ImageTrainer) await this.population.markovChain(modelId, meanField);
  }

  /** Start the loop; returns when paused or disposed, after reporting the final state. */
  async play(): Promise<void> {
    this.running = true;
    this.wantRunning = true;
    this.post({ type: 'status', phase: 'running', message: 'training' });
    if (this.looping) return;
    this.looping = true;
    const gen = this.generation;
    this.rate.reset(this.step, this.now());
    try {
      while (this.running && this.population && gen === this.generation) {
        await this.chunk();
        if (gen !== this.generation) return;
        if (this.keeper.enabled && this.keeper.due) await this.save();
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
    this.population.train(clampSteps(count));
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
    this.stepsPerChunk = nextChunkSize(this.stepsPerChunk, this.now() - t0);
  }

  /** Read back R, D and parameter sums only: synchronises the backend and catches NaN/Inf between reports. */
  private async checkFaults(): Promise<void> {
    const pop = this.population;
    if (!pop) return;
    this.postFaults(await pop.checkFaults());
  }

  /** Read back every model, post one report (and faults). */
  async report(): Promise<void> {
    const pop = this.population;
    const gen = this.generation;
    this.lastPostTime = this.now();
    if (!pop) return;
    const version = this.version;
    this.reportedVersion = version;
    const { models, tables, faults } = await pop.read(this.selected);
    if (gen !== this.generation) return; // the trainer was abandoned meanwhile
    this.postFaults(faults);
    const stepsPerSecond = this.rate.update(pop.step, this.now());
    this.histories.record(pop.step, models);
    this.post(
      { type: 'report', step: pop.step, stepsPerSecond: this.running ? stepsPerSecond : 0, version, models, tables },
      tables.map((x) => x.logTables.buffer),
    );
  }

  private postFaults(faults: readonly TrainerFault[]): void {
    for (const f of faults) this.post({ type: 'fault', modelId: f.modelId, quantity: f.quantity, step: f.step });
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
  async detachPopulation(): Promise<TrainerSnapshot | null> {
    const pop = this.population;
    if (!pop || pop.trained.length === 0) return null;
    const snap = await pop.exportState();
    pop.dispose();
    this.population = undefined;
    return snap;
  }

  /** Rebuild a detached population on the current backend; training continues where it was. */
  async attachPopulation(snap: TrainerSnapshot): Promise<void> {
    const exp = this.experiment;
    if (!exp) throw new Error('no experiment to attach to');
    this.population?.dispose();
    const trainer = await this.buildTrainer(exp);
    trainer.importState(snap);
    this.population = trainer;
    this.stepsPerChunk = 1;
    this.rate.reset(trainer.step, this.now());
  }

  dispose(): void {
    this.running = false;
    this.population?.dispose();
    this.population = undefined;
  }
}
