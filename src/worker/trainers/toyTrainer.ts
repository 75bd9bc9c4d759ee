/**
 * The toy problem's trainer: one batched ToyPopulation of the trained models, plus fixed
 * (hand-designed) models, reported with exact metrics and log tables.
 */
import type { ObjectiveSettings } from '../../math/objective';
import { toyProblem } from '../../math/toyData';
import type { ExperimentConfig, ModelSpec } from '../../lib/experiment';
import { ToyPopulation, type ModelFault } from '../../model/toyPopulation';
import { handModel, reportModels, type FixedModel } from './reportModels';
import type { PoolPlace, Trainer, TrainerFault, TrainerRead, TrainerSnapshot } from './trainer';

export class ToyTrainer implements Trainer {
  private population: ToyPopulation | undefined;
  readonly trained: ModelSpec[];
  private readonly hand: FixedModel[];

  /**
   * `place`: where this trainer's trained models sit in the whole experiment (a pool worker of a pool), by default
   * all of it.
   */
  constructor(experiment: ExperimentConfig, place?: PoolPlace) {
    const problem = toyProblem();
    this.trained = experiment.models.filter((m) => m.kind === 'trained').map((m) => ({ ...m }));
    this.hand = experiment.models.filter((m) => m.kind === 'hand').map((spec) => handModel(problem, spec));
    if (this.trained.length > 0) {
      this.population = new ToyPopulation({
        family: experiment.family,
        objectives: this.trained.map((m) => m.objective),
        seed: experiment.seed,
        learningRate: experiment.learningRate,
        ...(place ? { slice: { from: place.indices[0] ?? 0, total: place.total } } : {}),
      });
    }
  }

  get step(): number {
    return this.population?.step ?? 0;
  }

  train(count: number): void {
    this.population?.train(count);
  }

  private faults(faults: readonly ModelFault[]): TrainerFault[] {
    return faults.map((f) => ({
      modelId: (this.trained[f.index] as ModelSpec).id,
      quantity: f.quantity,
      step: f.step,
    }));
  }

  async checkFaults(): Promise<TrainerFault[]> {
    if (!this.population) return [];
    return this.faults((await this.population.readState()).faults);
  }

  async read(selected: ReadonlySet<string>): Promise<TrainerRead> {
    const problem = toyProblem();
    const pop = this.population;
    if (!pop) return { ...reportModels(problem, this.hand, selected), faults: [] };
    const { state, faults } = await pop.readState();
    const logTables = await pop.readLogTables();
    return {
      ...reportModels(problem, this.hand, selected, {
        specs: this.trained,
        population: pop,
        logTables,
        multiplier: state.multiplier,
      }),
      faults: this.faults(faults),
    };
  }

  private index(modelId: string): number {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i < 0 || !this.population) throw new Error(`no trained model "${modelId}"`);
    return i;
  }

  setObjective(modelId: string, objective: ObjectiveSettings): ObjectiveSettings {
    const i = this.index(modelId);
    const pop = this.population as ToyPopulation;
    pop.setObjective(i, objective);
    (this.trained[i] as ModelSpec).objective = pop.objective(i);
    return pop.objective(i);
  }

  setLearningRate(lr: number): void {
    this.population?.setLearningRate(lr);
  }

  injectNaN(modelId: string): void {
    const i = this.trained.findIndex((m) => m.id === modelId);
    if (i >= 0) this.population?.injectNaN(i);
  }

  async exportState(): Promise<TrainerSnapshot> {
    if (!this.population) throw new Error('nothing to export: no trained models');
    return { kind: 'toy', population: await this.population.exportState() };
  }

  importState(snap: TrainerSnapshot): void {
    if (snap.kind !== 'toy') throw new Error('the saved run is not a toy run');
    if (snap.population.objectives.length !== this.trained.length)
      throw new Error('the saved run has a different number of models');
    const next = ToyPopulation.fromSnapshot(snap.population);
    this.population?.dispose();
    this.population = next;
    this.trained.forEach((m, i) => (m.objective = next.objective(i)));
  }

  dispose(): void {
    this.population?.dispose();
    this.population = undefined;
  }
}
