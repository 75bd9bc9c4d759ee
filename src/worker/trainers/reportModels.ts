/**
 * The models part of a report: fixed (hand-designed) models and the trained population's exact
 * metrics, plus copies of the log tables of the selected models. Pure, given the read-back arrays.
 */
import { handOptimumTables } from '../../math/handOptimum';
import type { ToyProblem } from '../../math/toyData';
import { toyMetrics } from '../../math/toyMetrics';
import type { ModelSpec } from '../../lib/experiment';
import { packTables } from '../../lib/tables';
import type { ToyPopulation } from '../../model/toyPopulation';
import { copyTables, modelMetrics, tablesOf, type ModelMetrics } from '../../model/toyReport';
import type { ModelReading } from '../protocol';

/** A model that is not trained: its metrics and tables are computed once. */
export interface FixedModel {
  spec: ModelSpec;
  metrics: ModelMetrics;
  logTables: Float32Array;
}

/** The hand-designed optimum as a fixed model (exact, from math/). */
export function handModel(problem: ToyProblem, spec: ModelSpec): FixedModel {
  const t = handOptimumTables(problem);
  const m = toyMetrics(problem, t);
  return {
    spec,
    logTables: packTables(t),
    metrics: { ...m, betaEffective: 1, targetRateNats: m.rateNats, multiplier: 0 },
  };
}

export interface ReportModels {
  models: ModelReading[];
  tables: { id: string; logTables: Float32Array }[];
}

/**
 * Fixed models first, then the trained ones (in population order) from their read-back log
 * tables [P · ROWS · K] and multipliers [P]. Tables are copied for the selected ids only.
 */
export function reportModels(
  problem: ToyProblem,
  fixed: readonly FixedModel[],
  selected: ReadonlySet<string>,
  trained?: {
    specs: readonly ModelSpec[];
    population: ToyPopulation;
    logTables: Float32Array;
    multiplier: ArrayLike<number>;
  },
): ReportModels {
  const models: ModelReading[] = fixed.map((h) => ({ id: h.spec.id, metrics: h.metrics, active: true }));
  const tables: ReportModels['tables'] = fixed
    .filter((h) => selected.has(h.spec.id))
    .map((h) => ({ id: h.spec.id, logTables: h.logTables.slice() }));
  if (trained) {
    const pop = trained.population;
    trained.specs.forEach((spec, i) => {
      const metrics = modelMetrics(
        problem,
        tablesOf(trained.logTables, i),
        pop.objective(i),
        pop.step,
        trained.multiplier[i] as number,
      );
      models.push({ id: spec.id, metrics, active: pop.isActive(i) });
      if (selected.has(spec.id)) tables.push({ id: spec.id, logTables: copyTables(trained.logTables, i) });
    });
  }
  return { models, tables };
}
