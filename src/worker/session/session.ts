/**
 * A training session: one experiment's trainer (toy, 1-D mixture or image models) on the current
 * backend, the play/pause/step loop, objective changes between steps, fault handling and
 * reports. Independent of the worker global scope (it gets a `post` function and an image
 * loader), so it runs in Node tests as it runs in the worker.
 */
import type { ObjectiveSettings } from '../../math/objective';
import type { ExperimentConfig } from '../../lib/experiment';
import type { HistoryRow } from '../../lib/history';
import { nextConfig, type ConfigChange } from './configChange';
import { SessionLoop, type Post } from './sessionLoop';
import { RunKeeper } from '../saved/runKeeper';
import type { RunOwnership } from '../saved/ownership';
import { runKey, type RunRecord, type RunStorage } from '../saved/storage';
import type { PoolWorkers } from '../pool/poolWorkers';
import { PooledTrainer } from '../pool/pooledTrainer';
import type { ImageJobs, Trainer, TrainerSnapshot } from '../trainers/trainer';
import { TrainerBuilder, type ImageLoader } from './trainerBuilder';
import { SessionSaves } from './sessionSaves';
import type { ModelHistories } from './histories';

export type { ImageLoader };

/** A run's state to continue from: weights and optimiser state, histories, when it was saved. */
export type SavedState = Pick<RunRecord, 'savedAt' | 'snapshot' | 'histories'>;

/** How configure opens the experiment: the saved-run list's naming, whether the run is kept, a state to start from. */
export interface ConfigureOptions {
  naming?: { label?: string | undefined; query?: string | undefined };
  /** Keep the run in storage (restore, save, own it); unchanged when absent. */
  kept?: boolean;
  /** Start from this state (a lesson's checkpoint) instead of storage. */
  from?: SavedState;
}

export class TrainingSession extends SessionLoop {
  protected readonly keeper: RunKeeper;

  constructor(
    post: Post,
    now: () => number = () => performance.now(),
    storage: RunStorage | null = null,
    loadImages: ImageLoader | null = null,
    /** Which saved runs this tab owns (null: every one it opens, as in Node). */
    readonly ownership: RunOwnership | null = null,
    /** The pool workers of a pool (null: every model trains in this worker). */
    pool: { poolWorkers: PoolWorkers; cores: number } | null = null,
  ) {
    super(post, now);
    this.keeper = new RunKeeper(storage, post, now, ownership);
    this.builder = new TrainerBuilder(post, now, loadImages, pool?.poolWorkers ?? null, pool?.cores ?? 1, async (e) =>
      this.kept ? ((await this.keeper.load(e))?.snapshot ?? null) : null,
    );
    this.saves = new SessionSaves(this, this.keeper);
  }

  readonly builder: TrainerBuilder;
  /** The experiment's saved run: saving, a copy, an imported file, deleting, the list. */
  readonly saves: SessionSaves;

  /** Whether this tab owns the experiment's saved run (only the owner trains and saves). */
  owned = true;

  /**
   * Whether the experiment's run is kept in storage: restored, saved, owned by one tab. A lesson chapter's is not
   * (it starts at step 0 or at its checkpoint whenever it opens, and leaves the page's saved run alone).
   */
  kept = true;

  /** The experiment in force (null before the first configure). */
  get config(): ExperimentConfig | null {
    return this.experiment ?? null;
  }

  /**
   * Record `next` as the experiment in force, with each trained model's objective as its trainer
   * sanitised it, and tell the page (which shows only what this reports).
   */
  private commit(next: ExperimentConfig): void {
    const trained = this.currentTrainer?.trained ?? [];
    this.experiment = {
      ...next,
      models: next.models.map((m) => {
        const t = trained.find((x) => x.id === m.id);
        return t ? { ...m, objective: t.objective } : m;
      }),
    };
    this.post({ type: 'experiment', experiment: this.experiment, version: this.version });
  }

  /** Every live change of the experiment goes through here: the next config, applied to the trainer. */
  async change(change: ConfigChange, copies: ReadonlyMap<string, string> = new Map()): Promise<void> {
    const cur = this.experiment;
    if (!cur) throw new Error('no experiment to change');
    const next = nextConfig(cur, change);
    const trainer = this.currentTrainer;
    switch (change.kind) {
      case 'objective':
        if (!trainer) throw new Error(`no trained model "${change.modelId}"`);
        await trainer.setObjective(change.modelId, change.objective);
        break;
      case 'learning-rate':
        trainer?.setLearningRate(change.learningRate);
        break;
      case 'iwae':
        trainer?.setIwaeSamples?.(change.samples);
        break;
      case 'models':
        if (!trainer?.editModels) throw new Error('model edits need an image experiment');
        await trainer.editModels(next, copies);
        this.histories.keep(next.models.map((m) => m.id));
        break;
    }
    this.commit(next);
  }

  /** Rebuild every model from the seed with the experiment in force (edited objectives included). */
  async reset(): Promise<void> {
    if (!this.experiment) return;
    await this.configure(this.experiment, false);
  }

  /**
   * Build the trainer for an experiment (disposing any previous one) and report. With
   * `restore`, a stored run of the same experiment continues where it was; returns whether one did.
   */
  async configure(
    experiment: ExperimentConfig,
    restore = false,
    resume = false,
    opts: ConfigureOptions = {},
  ): Promise<boolean> {
    const { naming, kept, from } = opts;
    if (naming) this.naming = { label: naming.label ?? 'saved run', query: naming.query ?? '' };
    if (kept !== undefined) this.kept = kept;
    this.currentTrainer?.dispose();
    this.currentTrainer = undefined;
    this.experiment = experiment;
    this.histories.reset(experiment.models.map((m) => m.id));
    this.currentTrainer = await this.builder.build(experiment);
    this.stepsPerChunk = 1;
    this.rate.reset(0, this.now(), false);
    if (this.kept) this.owned = this.ownership ? await this.ownership.claim(runKey(experiment)) : true;
    else {
      this.ownership?.drop(); // a run that is not kept has no owner: every tab trains its own
      this.owned = true;
    }
    if (this.ownership)
      this.post({ type: 'ownership', owned: this.owned, reason: this.owned ? 'opened' : 'elsewhere' });
    // A tab that does not own the run shows its newest save, read only.
    let restored = false;
    if (from) restored = await this.startFrom(from, resume, 'checkpoint');
    else if (this.kept && (restore || !this.owned)) restored = await this.restore(experiment, resume);
    this.commit(experiment);
    await this.report();
    return restored;
  }

  /** Open `experiment` at a checkpoint, in a run that is not kept; an error message when its state does not fit. */
  async openCheckpoint(experiment: ExperimentConfig, checkpoint: SavedState): Promise<string | null> {
    this.post({ type: 'status', phase: 'warming-up', message: 'loading the checkpoint' });
    const opened = await this.configure(experiment, false, false, { kept: false, from: checkpoint });
    return opened ? null : 'its models could not be loaded';
  }

  /** Continue a stored run of this experiment, if the storage has one. */
  private async restore(experiment: ExperimentConfig, resume: boolean): Promise<boolean> {
    const trainer = this.currentTrainer;
    if (!trainer || trainer.trained.length === 0) return false;
    const rec = await this.keeper.load(experiment);
    return rec ? this.startFrom(rec, resume, 'saved run') : false;
  }

  /** Continue from `rec` (a saved run, or a checkpoint that storage never sees); false when its state does not fit. */
  private async startFrom(rec: SavedState, resume: boolean, what: 'saved run' | 'checkpoint'): Promise<boolean> {
    const trainer = this.currentTrainer;
    if (!trainer || trainer.trained.length === 0) return false;
    try {
      await trainer.importState(rec.snapshot);
    } catch (e) {
      this.post({
        type: 'error',
        message: `The ${what} could not be restored (${(e as Error).message}); starting afresh.`,
      });
      return false;
    }
    this.rate.reset(trainer.step, this.now(), false);
    this.histories.restore(rec.histories);
    this.post({ type: 'restored', step: trainer.step, savedAt: rec.savedAt, resume, histories: this.histories.rows() });
    return true;
  }

  /**
   * Add or remove image models without disturbing the others (copies start from their source's state); other
   * changes need configure().
   */
  async editModels(experiment: ExperimentConfig, copies: ReadonlyMap<string, string>): Promise<void> {
    await this.change({ kind: 'models', experiment }, copies);
    // Other models make another saved run (its key names them): this tab takes it on.
    if (this.kept && this.ownership && this.experiment)
      this.owned = await this.ownership.claim(runKey(this.experiment));
    await this.report();
  }

  /** The trainer in force (undefined between experiments). */
  get trainer(): Trainer | undefined {
    return this.currentTrainer;
  }

  /** How the saved-run list names this experiment and the URL query that reopens it. */
  get savedNaming(): { label: string; query: string } {
    return this.naming;
  }

  /** The models' recorded histories. */
  get modelHistories(): ModelHistories {
    return this.histories;
  }

  /** The loop's periodic and final saves. */
  save(opts?: { wait?: boolean }): Promise<void> {
    return this.saves.save(opts);
  }

  /** Every model's recorded history rows (copies). */
  historyRows(): Record<string, HistoryRow[]> {
    return this.histories.rows();
  }

  select(ids: string[]): void {
    this.selected = new Set(ids);
    this.currentTrainer?.selectionChanged?.();
  }

  /** Change one model's objective (between chunks); `version` stamps the reports that reflect it. */
  async setObjective(modelId: string, objective: ObjectiveSettings, version: number): Promise<void> {
    this.version = Math.max(this.version, version);
    await this.change({ kind: 'objective', modelId, objective });
  }

  injectNaN(modelId: string): void {
    this.currentTrainer?.injectNaN(modelId);
  }

  /** The pool's trainer, when the experiment trains on several workers. */
  get pooled(): PooledTrainer | null {
    return this.currentTrainer instanceof PooledTrainer ? this.currentTrainer : null;
  }

  /** The image trainer (grids, Markov chains, test evaluations), when the experiment trains on images. */
  get images(): ImageJobs | null {
    return this.currentTrainer?.jobs ?? null;
  }

  /**
   * Drop the trainer without reading it back (its backend is gone, e.g. a lost WebGPU device):
   * stops the loop at once; anything still awaiting the old device is ignored when it returns.
   */
  abandonTrainer(): void {
    this.generation += 1;
    this.running = false;
    this.looping = false;
    try {
      this.currentTrainer?.dispose();
    } catch {
      /* its device is gone; nothing to free */
    }
    this.currentTrainer = undefined;
  }

  /** Take the trainer off the current backend (paused first): its state as typed arrays. */
  async detachTrainer(): Promise<TrainerSnapshot | null> {
    const trainer = this.currentTrainer;
    if (!trainer || trainer.trained.length === 0) return null;
    const snap = await trainer.exportState();
    trainer.dispose();
    this.currentTrainer = undefined;
    return snap;
  }

  /** Rebuild a detached trainer on the current backend; training continues where it was. */
  async attachTrainer(snap: TrainerSnapshot): Promise<void> {
    const exp = this.experiment;
    if (!exp) throw new Error('no experiment to attach to');
    this.currentTrainer?.dispose();
    const trainer = await this.builder.build(exp);
    await trainer.importState(snap);
    this.currentTrainer = trainer;
    this.stepsPerChunk = 1;
    this.rate.reset(trainer.step, this.now());
  }

  dispose(): void {
    this.running = false;
    this.currentTrainer?.dispose();
    this.currentTrainer = undefined;
  }
}
