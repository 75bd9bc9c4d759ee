/**
 * Turn a population's read-back (per-model R/D/μ and log tables) into exact per-model metrics,
 * using the float64 reference code of math/. Shared by the worker and the CLI.
 */
import { effectiveBeta, objectiveCoefficients, type ObjectiveSettings } from '../math/objective';
import type { ToyProblem } from '../math/toyData';
import { toyMetrics, type ToyMetrics, type ToyTables } from '../math/toyMetrics';
import { tableView } from '../lib/tables';
import type { ModelMetrics } from '../lib/metrics';
import { TABLE_SIZE } from './toyLayout';

/** Metrics of one trained toy model at one step, nats: every toy field present. */
export type ToyModelMetrics = ModelMetrics & ToyMetrics;
export type { ModelMetrics };

/** View of model i's tables inside a [P · ROWS · K] log-table buffer. */
export function tablesOf(buffer: Float32Array, i: number): ToyTables {
  return tableView(buffer.subarray(i * TABLE_SIZE, (i + 1) * TABLE_SIZE));
}

/** Copy model i's log tables out of a population buffer (for transfer to the UI). */
export function copyTables(buffer: Float32Array, i: number): Float32Array {
  return buffer.slice(i * TABLE_SIZE, (i + 1) * TABLE_SIZE);
}

/** Exact metrics of model i, with its objective's effective β at `step`. */
export function modelMetrics(
  problem: ToyProblem,
  tables: ToyTables,
  objective: ObjectiveSettings,
  step: number,
  multiplier: number,
): ToyModelMetrics {
  const m = toyMetrics(problem, tables);
  const c = objectiveCoefficients(objective, step);
  return {
    ...m,
    betaEffective: effectiveBeta(c, m.rateNats, multiplier),
    targetRateNats: objective.targetRateNats,
    multiplier,
  };
}
