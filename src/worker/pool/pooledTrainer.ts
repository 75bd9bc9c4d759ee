/**
 * A trainer whose models train in a pool of workers, each with its own tfjs: pool worker s holds
 * block s of the trained models (poolSplit.ts), so a pool of N uses N cores. It implements the
 * same Trainer interface as the local trainers, so the session (loop, saving, histories, reports)
 * is the same with one worker or many: steps go to every pool worker at once, read-backs are merged in
 * the experiment's order, snapshots are joined into the one a single worker would make.
 * A pool worker that fails (crash, lost device) is replaced: its models continue from the last save
 * (their objectives as now), the other pool workers' models lose nothing.
 */
import type { BinaryImageSet } from '../../data/binaryImages';
import type { ExperimentConfig, ModelSpec } from '../../lib/experiment';
import type { ObjectiveSettings } from '../../math/objective';
import type { VaeModelSnapshot } from '../../model/vae/vaeModel';
import type { FromWorker, ModelReading } from '../protocol';
import { joinSnapshots, poolBlocks, sliceSnapshot, snapshotSize } from './poolSplit';
import { PoolWorkerFailure, type PoolWorkerLink, type PoolWorkers } from './poolWorkers';
import type { WorkerMemory } from '../debugProtocol';
import type { ImageJobs, Trainer, TrainerFault, TrainerRead, TrainerSnapshot } from '../trainers/trainer';

export interface PoolDeps {
  pool: PoolWorkers;
  /** The backend the pool workers train on (the coordinator's). */
  backend(): string;
  post(message: FromWorker): void;
  /** The saved run of the experiment in force (a replaced pool worker's models continue from it). */
  loadSaved(): Promise<TrainerSnapshot | null>;
}

/** What a pool worker is built from: nothing (fresh), its block's snapshot, or image models (null: fresh) at a step. */
type PoolWorkerContent = {
  snapshot?: TrainerSnapshot | null;
  modelSnapshots?: (VaeModelSnapshot | null)[];
  step?: number;
  indices?: number[];
};

export class PooledTrainer implements Trainer {
  readonly trained: ModelSpec[];
  private steps = 0;
  private blocks: number[][];
  private links: PoolWorkerLink[] = [];
  private disposed = false;
  private readonly recovering = new Map<number, Promise<void>>();
  readonly jobs?: ImageJobs;
  readonly pipelined = true;

  private constructor(
    private readonly deps: PoolDeps,
    private experiment: ExperimentConfig,
    private readonly images: BinaryImageSet | null,
    /** Pool workers asked for (fewer when there are fewer models). */
    private readonly poolWorkers: number,
  ) {
    this.trained = experiment.models.filter((m) => m.kind === 'trained').map((m) => ({ ...m }));
    this.blocks = poolBlocks(this.trained.length, poolWorkers);
    if (experiment.dataset !== 'toy' && experiment.dataset !== 'gauss') this.jobs = this.imageJobs();
  }

  /** Start (or reuse) `poolWorkers` workers and build every pool worker's models fresh from the seed. */
  static async create(
    deps: PoolDeps,
    experiment: ExperimentConfig,
    images: BinaryImageSet | null,
    poolWorkers: number,
  ): Promise<PooledTrainer> {
    const t = new PooledTrainer(deps, experiment, images, poolWorkers);
    await t.rebuild(() => ({}));
    return t;
  }

  /** How many workers train now. */
  get workers(): number {
    return this.blocks.length;
  }

  get step(): number {
    return this.steps;
  }

  /** The experiment as pool worker s trains it: its block of trained models, and the hand models in the first one. */
  private poolWorkerExperiment(s: number): ExperimentConfig {
    const ids = new Set((this.blocks[s] ?? []).map((i) => (this.trained[i] as ModelSpec).id));
    const models = this.experiment.models
      .filter((m) => (m.kind === 'trained' ? ids.has(m.id) : s === 0))
      .map((m) => ({
        ...m,
        ...(m.kind === 'trained'
          ? { objective: (this.trained.find((t) => t.id === m.id) as ModelSpec).objective }
          : {}),
      }));
    return { ...this.experiment, models };
  }

  private async buildPoolWorker(s: number, link: PoolWorkerLink, content: PoolWorkerContent): Promise<void> {
    const block = this.blocks[s] ?? [];
    const images = this.images && link.images !== this.images ? this.images : null;
    await link.call({
      type: 'build',
      experiment: this.poolWorkerExperiment(s),
      place: { indices: content.indices ?? block, total: this.trained.length },
      images,
      snapshot: content.snapshot ?? null,
      ...(content.modelSnapshots ? { modelSnapshots: content.modelSnapshots, step: content.step ?? this.steps } : {}),
    });
    if (this.images) link.images = this.images;
  }

  /** Build every pool worker (on as many workers as blocks) with what `content(s)` says. */
  private async rebuild(content: (s: number) => PoolWorkerContent): Promise<void> {
    this.links = await this.deps.pool.ensure(this.blocks.length, this.deps.backend());
    this.links.forEach((l, s) => (l.onFail = (reason) => void this.recover(s, reason)));
    await Promise.all(this.links.map((l, s) => this.buildPoolWorker(s, l, content(s))));
  }

  /** Run `f` on pool worker s; when its worker failed, wait for its replacement and run it there. */
  private async onPoolWorker<T>(s: number, f: (link: PoolWorkerLink) => Promise<T>): Promise<T> {
    try {
      return await f(this.links[s] as PoolWorkerLink);
    } catch (e) {
      if (!(e instanceof PoolWorkerFailure) || this.disposed) throw e;
      await this.recover(s, e.message);
      return f(this.links[s] as PoolWorkerLink);
    }
  }

  private each<T>(f: (link: PoolWorkerLink, s: number) => Promise<T>): Promise<T[]> {
    return Promise.all(this.links.map((_, s) => this.onPoolWorker(s, (l) => f(l, s))));
  }

  /** Replace the failed worker of pool worker s; its models continue from the last save (objectives as now). */
  private recover(s: number, reason: string): Promise<void> {
    const busy = this.recovering.get(s);
    if (busy) return busy;
    const job = (async () => {
      const old = this.links[s] as PoolWorkerLink;
      const link = await this.deps.pool.replace(old, this.deps.backend());
      if (this.disposed) return;
      this.links[s] = link;
      link.onFail = (r) => void this.recover(s, r);
      const block = this.blocks[s] ?? [];
      const saved = await this.deps.loadSaved();
      const fits = saved !== null && snapshotSize(saved) === this.trained.length;
      await this.buildPoolWorker(s, link, { snapshot: fits ? sliceSnapshot(saved, block) : null });
      for (const i of block) {
        const spec = this.trained[i] as ModelSpec;
        await link.call({ type: 'set-objective', modelId: spec.id, objective: spec.objective });
      }
      const ids = block.map((i) => (this.trained[i] as ModelSpec).id).join(', ');
      const from = fits
        ? `the last save (step ${saved.kind === 'toy' ? saved.population.step : saved.step})`
        : 'their initial weights (there was no save yet)';
      this.deps.post({
        type: 'notice',
        message:
          `Pool worker ${s + 1} of ${this.links.length} stopped (${reason}) and was replaced: its models (${ids}) ` +
          `continue from ${from}. The other workers' models lost nothing.`,
      });
    })().finally(() => this.recovering.delete(s));
    this.recovering.set(s, job);
    return job;
  }

  private poolWorkerOf(modelId: string): number {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i < 0) throw new Error(`no trained model "${modelId}"`);
    return this.blocks.findIndex((b) => b.includes(i));
  }

  train(count: number): void {
    for (const l of this.links) l.send({ type: 'train', count });
    this.steps += count;
  }

  async checkFaults(): Promise<TrainerFault[]> {
    return (await this.each((l) => l.call<TrainerFault[]>({ type: 'check-faults' }))).flat();
  }

  async read(selected: ReadonlySet<string>, complete = false): Promise<TrainerRead> {
    const parts = await this.each((l) => l.call<TrainerRead>({ type: 'read', selected: [...selected], complete }));
    const order = new Map(this.experiment.models.map((m, i) => [m.id, i]));
    const models: ModelReading[] = parts
      .flatMap((p) => p.models)
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const again = parts.some((p) => p.again === true);
    return { models, tables: parts.flatMap((p) => p.tables), faults: parts.flatMap((p) => p.faults), again };
  }

  async setObjective(modelId: string, objective: ObjectiveSettings): Promise<ObjectiveSettings> {
    const s = this.poolWorkerOf(modelId);
    const inForce = await this.onPoolWorker(s, (l) =>
      l.call<ObjectiveSettings>({ type: 'set-objective', modelId, objective }),
    );
    const spec = this.trained.find((m) => m.id === modelId) as ModelSpec;
    spec.objective = inForce;
    return inForce;
  }

  setLearningRate(lr: number): void {
    this.experiment = { ...this.experiment, learningRate: lr };
    for (const l of this.links) l.send({ type: 'set-learning-rate', learningRate: lr });
  }

  injectNaN(modelId: string): void {
    const s = this.poolWorkerOf(modelId);
    if (s >= 0) this.links[s]?.send({ type: 'inject-nan', modelId });
  }

  /** The state at the steps queued so far (the workers answer before the steps queued after this call). */
  async exportState(): Promise<TrainerSnapshot> {
    const step = this.steps;
    return joinSnapshots(await this.each((l) => l.call<TrainerSnapshot>({ type: 'export' })), step);
  }

  async importState(snap: TrainerSnapshot): Promise<void> {
    const isToy = this.experiment.dataset === 'toy';
    if ((snap.kind === 'toy') !== isToy)
      throw new Error(isToy ? 'the saved run is not a toy run' : 'the saved run is not a run of VAEs');
    if (snapshotSize(snap) !== this.trained.length) throw new Error('the saved run has a different number of models');
    await this.each((l, s) => l.call({ type: 'import', snapshot: sliceSnapshot(snap, this.blocks[s] ?? []) }));
    this.steps = snap.kind === 'toy' ? snap.population.step : snap.step;
    this.trained.forEach(
      (m, i) =>
        (m.objective =
          snap.kind === 'toy'
            ? (snap.population.objectives[i] as ObjectiveSettings)
            : (snap.runs[i] as VaeModelSnapshot).objective),
    );
  }

  selectionChanged(): void {
    for (const l of this.links) l.send({ type: 'selection-changed' });
  }

  setIwaeSamples(k: number): void {
    this.experiment = { ...this.experiment, iwaeSamples: k };
    for (const l of this.links) l.send({ type: 'set-iwae', samples: k });
  }

  /**
   * Add or remove image models: every model's state is read, and the pool workers are rebuilt over the new
   * list (kept models and copies from their snapshots, new models fresh, seeded as a single worker would).
   */
  async editModels(next: ExperimentConfig, copies: ReadonlyMap<string, string>): Promise<void> {
    const now = (await this.exportState()) as Extract<TrainerSnapshot, { kind: 'image' }>;
    const specs = next.models.filter((m) => m.kind === 'trained').map((m) => ({ ...m }));
    const oldIndex = (id: string | undefined): number => this.trained.findIndex((m) => m.id === id);
    const modelSnapshots = specs.map((spec): VaeModelSnapshot | null => {
      const i = oldIndex(spec.id);
      if (i >= 0) return now.runs[i] as VaeModelSnapshot;
      const j = oldIndex(copies.get(spec.id));
      return j >= 0 ? { ...(now.runs[j] as VaeModelSnapshot), objective: spec.objective } : null;
    });
    const indices = specs.map((_, k) => this.trained.length + k);
    this.experiment = next;
    this.trained.splice(0, this.trained.length, ...specs);
    this.blocks = poolBlocks(specs.length, this.poolWorkers);
    await this.rebuild((s) => {
      const block = this.blocks[s] ?? [];
      return {
        modelSnapshots: block.map((i) => modelSnapshots[i] ?? null),
        indices: block.map((i) => indices[i] as number),
        step: this.steps,
      };
    });
  }

  private imageJobs(): ImageJobs {
    return {
      testEvaluation: async (modelId, k) => {
        // One evaluation at a time, over the whole pool.
        for (const l of this.links) l.send({ type: 'cancel-test-eval' });
        await this.links[this.poolWorkerOf(modelId)]?.call({ type: 'test-eval', modelId, k });
      },
      cancelTestEvaluation: () => this.links.forEach((l) => l.send({ type: 'cancel-test-eval' })),
      markovChain: async (modelId, meanField) => {
        await this.links[this.poolWorkerOf(modelId)]?.call({ type: 'markov-chain', modelId, meanField });
      },
      cancelImages: () => this.links.forEach((l) => l.send({ type: 'cancel-images' })),
    };
  }

  /** Each worker's tfjs memory. */
  memory(): Promise<WorkerMemory[]> {
    return Promise.all(this.links.map((l) => l.call<WorkerMemory>({ type: 'memory' })));
  }

  /** Test hooks: pool worker s loses its WebGPU device, or crashes. */
  hook(s: number, type: 'lose-device' | 'crash'): void {
    this.links[s]?.send({ type });
  }

  dispose(): void {
    this.disposed = true;
    for (const l of this.links) l.send({ type: 'dispose' });
  }
}
