/**
 * The two-Gaussian trainer (Lagrangian family §4.1): one 1-D VaeModel per trained model on the same seeded
 * sample of q(x). Reports the training batch's R and D every time, and every MIXTURE_EVAL_EVERY
 * steps the MI I_q(x; z) and the true −E log p(x) by quadrature, with the model's density p(x)
 * on the x grid (posted as 'density1d' for the selected models).
 */
import { batchMetrics } from '../../model/vae/batchMetrics';
import { mixtureEntropyNats } from '../../math/mixture1d';
import type { ExperimentConfig, ModelSpec } from '../../lib/experiment';
import type { ModelMetrics } from '../../lib/metrics';
import { evaluateMixture, MIXTURE_ARCH, MixtureData } from '../../model/vae/mixture1d';
import type { VaeModelSnapshot } from '../../model/vae/vaeModel';
import type { FromWorker, ModelReading } from '../protocol';
import type { PoolPlace, TrainerRead } from './trainer';
import { freshModel, VaeModelTrainer } from './vaeModelTrainer';

/** Steps between quadrature evaluations of every model (each takes tens of milliseconds). */
export const MIXTURE_EVAL_EVERY = 100;

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

export class MixtureTrainer extends VaeModelTrainer {
  private readonly entropyNats = mixtureEntropyNats();
  private readonly evaluated = new Map<string, { step: number; miNats: number; trueNllNats: number }>();
  private readonly last = new Map<string, ModelMetrics>();

  constructor(
    experiment: ExperimentConfig,
    private readonly post: Post,
    place?: PoolPlace,
  ) {
    const trained = experiment.models.filter((m) => m.kind === 'trained').map((m) => ({ ...m }));
    super(
      trained,
      trained.map((m, i) =>
        freshModel(experiment, m, place?.indices[i] ?? i, { arch: MIXTURE_ARCH, dataDims: 1, likelihood: 'gaussian' }),
      ),
      new MixtureData(experiment.seed),
    );
  }

  async read(selected: ReadonlySet<string>): Promise<TrainerRead> {
    const faults = await this.checkFaults();
    const models: ModelReading[] = [];
    for (const [i, model] of this.vaeModels.entries()) {
      const spec = this.trained[i] as ModelSpec;
      const ev = this.evaluated.get(spec.id);
      if (model.active && (ev === undefined || model.step - ev.step >= MIXTURE_EVAL_EVERY)) {
        const e = await evaluateMixture(model.vae);
        this.evaluated.set(spec.id, { step: model.step, miNats: e.miNats, trueNllNats: e.trueNllNats });
        if (selected.has(spec.id))
          this.post({ type: 'density1d', modelId: spec.id, step: model.step, x: e.x, model: e.modelDensity }, [
            e.x.buffer,
            e.modelDensity.buffer,
          ]);
      }
      const st = await model.readState();
      if (Number.isFinite(st.rateNats) && Number.isFinite(st.distortionNats)) {
        const q = this.evaluated.get(spec.id);
        const metrics: ModelMetrics = {
          ...batchMetrics(model.objective, st),
          entropyNats: this.entropyNats,
          ...(q ? { miEstimateNats: q.miNats, trueNllNats: q.trueNllNats } : {}),
        };
        this.last.set(spec.id, metrics);
      }
      const m = this.last.get(spec.id);
      if (m) models.push({ id: spec.id, metrics: m, active: model.active });
    }
    return { models, tables: [], faults };
  }

  /** The models were (re)selected: their density is measured again at the next report. */
  selectionChanged(): void {
    this.evaluated.clear();
  }

  protected override checkSnapshot(s: VaeModelSnapshot): void {
    if (s.dataDims !== 1 || s.likelihood !== 'gaussian') throw new Error('the saved run is not a 1-D Gaussian model');
  }

  protected imported(): void {
    this.evaluated.clear();
  }
}
