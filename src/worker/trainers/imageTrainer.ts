/**
 * The image (MNIST) trainer: one VaeModel per trained model, trained one after the other on the
 * same image tensors. Reports the training batch's R and D every time, held-out metrics as
 * heldOutSchedule.ts says, and image grids of the selected models every IMAGE_EVERY_STEPS (posted
 * separately: PixelCNN decoding takes seconds, so it runs between training chunks, with progress).
 */
import { batchMetrics } from '../../model/vae/batchMetrics';
import type { BinaryImageSet } from '../../data/binaryImages';
import type { ExperimentConfig, ModelSpec } from '../../lib/experiment';
import type { ModelMetrics } from '../../lib/metrics';
import { HeldOutSchedule } from './heldOutSchedule';
import { DEFAULT_ARCHITECTURE } from '../../lib/vaeSpec';
import { evaluateTest, type TestEvaluation } from '../../model/vae/testEvaluation';
import { reconstructionGrid, sampleGrid } from '../../model/vae/images';
import { ImageTensors } from '../../model/vae/imageTensors';
import { latentMap } from '../../model/vae/latentMap';
import { markovChainFrames } from '../../model/vae/markovChain';
import { VaeModel } from '../../model/vae/vaeModel';
import type { FromWorker, ModelReading } from '../protocol';
import { yieldToEvents } from '../yieldToEvents';
import type { ImageJobs, PoolPlace, TrainerRead } from './trainer';
import { freshModel, VaeModelTrainer } from './vaeModelTrainer';

/** Image grids of the selected models are redrawn when this many steps passed. */
export const IMAGE_EVERY_STEPS = 100;
/** Grid rows (test images and samples), fewer for the slow pixel-by-pixel PixelCNN. */
export const GRID_ROWS = { independent: 8, autoregressive: 4 } as const;
/** Decodes averaged in the "mean" column (the paper's 5). */
export const GRID_DECODES = 5;

type Post = (message: FromWorker, transfer?: Transferable[]) => void;
type GridJob = { cancelled: boolean; modelId: string };

export class ImageTrainer extends VaeModelTrainer {
  private readonly images: ImageTensors;
  private readonly heldOut = new HeldOutSchedule();
  private readonly lastGrid = new Map<string, number>();
  private readonly last = new Map<string, ModelMetrics>();
  private gridJob: GridJob | null = null;
  private testJob: { cancelled: boolean } | null = null;
  /** Models whose drawing the user cancelled: no automatic grids until they are selected again. */
  private readonly gridsOff = new Set<string>();
  private disposed = false;
  private iwaeSamples: number;
  readonly jobs: ImageJobs = this;

  constructor(
    experiment: ExperimentConfig,
    set: BinaryImageSet,
    private readonly post: Post,
    /** Where these models sit in the whole experiment (a pool worker of a pool): model k seeds from its index there. */
    place?: PoolPlace,
  ) {
    const trained = experiment.models.filter((m) => m.kind === 'trained').map((m) => ({ ...m }));
    const images = new ImageTensors(set);
    super(
      trained,
      trained.map((m, i) => freshModel(experiment, m, place?.indices[i] ?? i, { arch: DEFAULT_ARCHITECTURE })),
      images,
    );
    this.images = images;
    this.iwaeSamples = experiment.iwaeSamples;
  }

  async read(selected: ReadonlySet<string>, complete = false): Promise<TrainerRead> {
    const faults = await this.checkFaults();
    const models: ModelReading[] = [];
    const candidates = this.vaeModels.flatMap((model, i) => {
      const id = (this.trained[i] as ModelSpec).id;
      return model.active ? [{ id, step: model.step, reported: this.last.has(id) }] : [];
    });
    this.heldOut.startReport(candidates, complete);
    for (let i = 0; i < this.vaeModels.length; i++) {
      const model = this.vaeModels[i] as VaeModel;
      const spec = this.trained[i] as ModelSpec;
      if (this.heldOut.measures(spec.id)) {
        await this.heldOut.measure(spec.id, model, this.images, this.iwaeSamples);
        // 2-D codes of every model (not only the selected one): the side-by-side q(z)-over-p(z) panels.
        if (model.arch.latentDim === 2 && !selected.has(spec.id)) await this.postLatents(spec.id, model);
      }
      const st = await model.readState();
      const prev = this.last.get(spec.id);
      let metrics: ModelMetrics | null = null;
      if (Number.isFinite(st.rateNats) && Number.isFinite(st.distortionNats)) {
        metrics = batchMetrics(model.objective, st);
        const h = this.heldOut.get(spec.id);
        if (h) metrics.heldOut = h;
        this.last.set(spec.id, metrics);
      }
      const m = metrics ?? prev;
      if (m) models.push({ id: spec.id, metrics: m, active: model.active, engine: model.trainingEngine() });
    }
    this.maybeDrawGrids(selected);
    return { models, tables: [], faults, again: this.heldOut.leftForNextRead };
  }

  /** Start an image-grid job for the first selected model whose grids are due (one job at a time). */
  private maybeDrawGrids(selected: ReadonlySet<string>): void {
    if (this.gridJob) return;
    // The first selected model whose grids are due (several are selected when comparing).
    const i = this.trained.findIndex((m, k) => {
      if (!selected.has(m.id) || this.gridsOff.has(m.id)) return false;
      const last = this.lastGrid.get(m.id);
      const step = (this.vaeModels[k] as VaeModel).step;
      return last === undefined || (last !== step && (step - last >= IMAGE_EVERY_STEPS || step === 0));
    });
    if (i < 0) return;
    const spec = this.trained[i] as ModelSpec;
    const model = this.vaeModels[i] as VaeModel;
    this.lastGrid.set(spec.id, model.step);
    const job = { cancelled: false, modelId: spec.id };
    this.gridJob = job;
    void this.drawGrids(spec.id, model, job).finally(() => {
      if (this.gridJob === job) this.gridJob = null;
    });
  }

  private async drawGrids(modelId: string, model: VaeModel, job: GridJob): Promise<void> {
    const rows = model.vae.decoder.autoregressive ? GRID_ROWS.autoregressive : GRID_ROWS.independent;
    const step = model.step;
    const control = (part: number) => ({
      cancelled: () => job.cancelled || this.disposed,
      pause: yieldToEvents,
      onProgress: (f: number) => this.post({ type: 'image-progress', modelId, fraction: (part + f) / 2 }),
    });
    const stopped = (): boolean => {
      if (!this.disposed) this.post({ type: 'image-progress', modelId, fraction: null });
      return true;
    };
    try {
      if (model.arch.latentDim === 2) {
        await this.postLatents(modelId, model);
        if (job.cancelled || this.disposed) return void stopped();
      }
      const recon = await reconstructionGrid(
        model.vae,
        this.images.heldOut,
        rows,
        GRID_DECODES,
        model.seed + step,
        control(0),
      );
      if (!recon || job.cancelled || this.disposed) return void stopped();
      const samples = await sampleGrid(model.vae, rows, GRID_DECODES, model.seed + step, control(1));
      if (!samples || job.cancelled || this.disposed) return void stopped();
      this.post({ type: 'images', modelId, step, recon, samples }, [recon.data.buffer, samples.data.buffer]);
    } catch (e) {
      if (!this.disposed && !job.cancelled)
        this.post({ type: 'notice', message: `Drawing images of ${modelId} failed: ${(e as Error).message}` });
    }
  }

  /** Run the Markov chain of one model and post its frames (a notice when its decoder is a PixelCNN). */
  async markovChain(modelId: string, meanField = false): Promise<void> {
    const model = this.vaeModels[this.index(modelId)] as VaeModel;
    const step = model.step;
    try {
      const grid = await markovChainFrames(model.vae, { seed: model.seed + step, pause: yieldToEvents, meanField });
      if (!this.disposed) this.post({ type: 'chain', modelId, step, grid }, [grid.data.buffer]);
    } catch (e) {
      if (!this.disposed) this.post({ type: 'notice', message: `Markov chain of ${modelId}: ${(e as Error).message}` });
    }
  }

  /**
   * A full test evaluation of one model at its weights now: a frozen copy is evaluated while
   * training goes on, with progress (every 0.5 %) and the result posted as 'test-eval'. A newer
   * request or cancelTestEvaluation() stops it between chunks.
   */
  async testEvaluation(modelId: string, k: number): Promise<void> {
    if (this.testJob) this.testJob.cancelled = true;
    const job = { cancelled: false };
    this.testJob = job;
    const model = this.vaeModels[this.index(modelId)] as VaeModel;
    const step = model.step;
    let shown = -1;
    const post = (fraction: number | null, result: TestEvaluation | null = null): void => {
      if (!this.disposed && this.testJob === job) this.post({ type: 'test-eval', modelId, step, k, fraction, result });
    };
    const copy = VaeModel.fromSnapshot(await model.exportState());
    try {
      post(0);
      const onProgress = (f: number): void => {
        if (f - shown < 0.005) return;
        shown = f;
        post(f);
      };
      const result = await evaluateTest(
        copy.vae,
        this.images,
        { k, seed: model.seed },
        { cancelled: () => job.cancelled || this.disposed, pause: yieldToEvents, onProgress },
      );
      post(result ? 1 : null, result);
    } catch (e) {
      post(null);
      if (!this.disposed)
        this.post({ type: 'notice', message: `The test evaluation of ${modelId} failed: ${(e as Error).message}` });
    } finally {
      copy.dispose();
      if (this.testJob === job) this.testJob = null;
    }
  }

  /** Stop the test evaluation under way (it posts that it stopped). */
  cancelTestEvaluation(): void {
    if (!this.testJob) return;
    this.testJob.cancelled = true;
  }

  /** Post the held-out codes of a 2-D model over its log m(z). */
  private async postLatents(modelId: string, model: VaeModel): Promise<void> {
    const step = model.step;
    const map = await latentMap(model.vae, this.images.heldOut);
    if (this.disposed) return;
    const labels = this.images.heldOutLabels.slice();
    this.post({ type: 'latents', modelId, step, map, labels }, [
      map.means.buffer,
      map.logDensity.buffer,
      labels.buffer,
    ]);
  }

  /**
   * Change the model list while training goes on: models missing from `experiment` are dropped, new
   * ones are added — a copy (`from`) starts from its source's current weights, optimiser state and
   * step with its own objective; others start fresh. Models in both keep training undisturbed.
   */
  async editModels(experiment: ExperimentConfig, copies: ReadonlyMap<string, string>): Promise<void> {
    const specs = experiment.models.filter((m) => m.kind === 'trained');
    const kept: VaeModel[] = [];
    const made: VaeModel[] = [];
    try {
      for (const [k, spec] of specs.entries()) {
        const i = this.trained.findIndex((m) => m.id === spec.id);
        if (i >= 0) {
          kept.push(this.vaeModels[i] as VaeModel);
          continue;
        }
        const j = this.trained.findIndex((m) => m.id === copies.get(spec.id));
        let model: VaeModel;
        if (j >= 0) {
          const snap = await (this.vaeModels[j] as VaeModel).exportState();
          model = VaeModel.fromSnapshot({ ...snap, objective: spec.objective });
        } else {
          model = freshModel(experiment, spec, this.trained.length + k, { arch: DEFAULT_ARCHITECTURE });
        }
        made.push(model);
        kept.push(model);
      }
    } catch (e) {
      made.forEach((r) => r.dispose());
      throw e;
    }
    this.vaeModels.forEach((r) => {
      if (!kept.includes(r)) r.dispose();
    });
    if (this.gridJob && !specs.some((m) => m.id === this.gridJob?.modelId)) this.gridJob.cancelled = true;
    this.vaeModels = kept;
    this.trained.splice(0, this.trained.length, ...specs.map((m) => ({ ...m })));
  }

  /** Use k importance samples for IWAE from now on; held-out numbers are measured again at the next report. */
  setIwaeSamples(k: number): void {
    this.iwaeSamples = Math.max(1, Math.round(k));
    this.heldOut.clear();
  }

  /** Stop a running image job (its result is dropped); that model draws no more grids until selected again. */
  cancelImages(): void {
    if (!this.gridJob) return;
    this.gridJob.cancelled = true;
    this.gridsOff.add(this.gridJob.modelId);
  }

  /** The user selected models: their grids are drawn again. */
  selectionChanged(): void {
    this.gridsOff.clear();
  }

  protected imported(): void {
    if (this.gridJob) this.gridJob.cancelled = true;
    this.heldOut.clear();
    this.lastGrid.clear();
  }

  override dispose(): void {
    this.disposed = true;
    if (this.gridJob) this.gridJob.cancelled = true;
    if (this.testJob) this.testJob.cancelled = true;
    super.dispose();
    this.images.dispose();
  }
}
