/**
 * What the image trainer and the 1-D mixture trainer share: one VaeModel per trained model, all
 * trained on the same data, with fault checks, live objective and learning-rate changes, NaN
 * injection and snapshots. Subclasses add their measurements (held-out metrics and grids, or
 * quadratures) and say what an import must clear.
 */
import type { ObjectiveSettings } from '../../math/objective';
import type { ExperimentConfig, ModelSpec } from '../../lib/experiment';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import { VaeModel, type TrainingData, type VaeModelOptions, type VaeModelSnapshot } from '../../model/vae/vaeModel';
import type { Trainer, TrainerFault, TrainerRead, TrainerSnapshot } from './trainer';

/** Seed stride between the models of one experiment (model k trains from seed + SEED_STRIDE·k). */
const SEED_STRIDE = 7919;

/** A new VaeModel for model `spec`, the k-th of its experiment (image and 1-D trainers alike). */
export function freshModel(
  experiment: ExperimentConfig,
  spec: ModelSpec,
  k: number,
  defaults: { arch: VaeArchitecture } & Partial<Pick<VaeModelOptions, 'dataDims' | 'likelihood'>>,
): VaeModel {
  const { arch, ...data } = defaults;
  return new VaeModel({
    arch: spec.arch ?? arch,
    objective: spec.objective,
    seed: (experiment.seed + SEED_STRIDE * k) >>> 0,
    learningRate: experiment.learningRate,
    batchSize: experiment.batchSize,
    ...data,
  });
}

export abstract class VaeModelTrainer implements Trainer {
  protected steps = 0;

  constructor(
    readonly trained: ModelSpec[],
    protected vaeModels: VaeModel[],
    protected readonly data: TrainingData,
  ) {}

  get step(): number {
    return this.steps;
  }

  train(count: number): void {
    for (const r of this.vaeModels) r.train(this.data, count);
    this.steps += count;
  }

  async checkFaults(): Promise<TrainerFault[]> {
    const faults: TrainerFault[] = [];
    for (const [i, model] of this.vaeModels.entries()) {
      if (!model.active) continue;
      const st = await model.readState();
      if (model.step > 0 && !(Number.isFinite(st.rateNats) && Number.isFinite(st.distortionNats))) {
        model.freeze();
        faults.push({
          modelId: (this.trained[i] as ModelSpec).id,
          quantity: Number.isFinite(st.rateNats) ? 'distortion' : 'rate',
          step: model.step,
        });
      }
    }
    return faults;
  }

  abstract read(selected: ReadonlySet<string>, complete?: boolean): Promise<TrainerRead>;

  protected index(modelId: string): number {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i < 0) throw new Error(`no trained model "${modelId}"`);
    return i;
  }

  setObjective(modelId: string, objective: ObjectiveSettings): ObjectiveSettings {
    const i = this.index(modelId);
    const model = this.vaeModels[i] as VaeModel;
    model.setObjective(objective);
    (this.trained[i] as ModelSpec).objective = model.objective;
    return model.objective;
  }

  setLearningRate(lr: number): void {
    this.vaeModels.forEach((r) => r.setLearningRate(lr));
  }

  injectNaN(modelId: string): void {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i >= 0) (this.vaeModels[i] as VaeModel).injectNaN();
  }

  async exportState(): Promise<TrainerSnapshot> {
    const runs = []; // the stored snapshot's field name (saved runs, run files)
    for (const r of this.vaeModels) runs.push(await r.exportState());
    return { kind: 'image', step: this.steps, runs };
  }

  /** Throws when a model's snapshot does not belong to this trainer's data (the 1-D trainer checks its likelihood). */
  protected checkSnapshot(_s: VaeModelSnapshot): void {}

  /** Called after an import replaced the models: drop what was measured on the old ones. */
  protected abstract imported(): void;

  importState(snap: TrainerSnapshot): void {
    if (snap.kind !== 'image') throw new Error('the saved run is not a run of VAEs');
    if (snap.runs.length !== this.vaeModels.length) throw new Error('the saved run has a different number of models');
    const next: VaeModel[] = [];
    try {
      for (const s of snap.runs) {
        this.checkSnapshot(s);
        next.push(VaeModel.fromSnapshot(s));
      }
    } catch (e) {
      next.forEach((r) => r.dispose());
      throw e;
    }
    this.vaeModels.forEach((r) => r.dispose());
    this.vaeModels = next;
    this.steps = snap.step;
    this.trained.forEach((m, i) => (m.objective = (next[i] as VaeModel).objective));
    this.imported();
  }

  /**
   * Take some models from snapshots (null: keep the fresh one) and set the step: how a pool rebuilds
   * a pool worker after its models were edited (kept models and copies arrive as snapshots).
   */
  adoptModels(snaps: readonly (VaeModelSnapshot | null)[], step: number): void {
    if (snaps.length !== this.vaeModels.length) throw new Error('the model snapshots do not match the models');
    const made = new Map<number, VaeModel>();
    try {
      snaps.forEach((s, i) => {
        if (!s) return;
        this.checkSnapshot(s);
        made.set(i, VaeModel.fromSnapshot(s));
      });
    } catch (e) {
      made.forEach((r) => r.dispose());
      throw e;
    }
    this.vaeModels = this.vaeModels.map((r, i) => {
      const next = made.get(i);
      if (!next) return r;
      r.dispose();
      (this.trained[i] as ModelSpec).objective = next.objective;
      return next;
    });
    this.steps = step;
    this.imported();
  }

  dispose(): void {
    this.vaeModels.forEach((r) => r.dispose());
    this.vaeModels = [];
  }
}
