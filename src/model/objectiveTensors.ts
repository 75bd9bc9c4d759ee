/**
 * Per-model objective coefficients as tensors [P]:
 * β_eff = betaFixed + penalty·sign(R − σ) + useMultiplier·(μ + ρ(R − σ)); and their cache
 * between training steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { objectiveCoefficients, type ObjectiveSettings } from '../math/objective';

export interface CoefficientTensors {
  betaFixed: tf.Tensor1D;
  penalty: tf.Tensor1D;
  target: tf.Tensor1D;
  useMultiplier: tf.Tensor1D;
}

/** Upload the coefficients of every model's objective at training step `step`. Caller disposes. */
export function coefficientTensors(objectives: readonly ObjectiveSettings[], step: number): CoefficientTensors {
  const cs = objectives.map((o) => objectiveCoefficients(o, step));
  return {
    betaFixed: tf.tensor1d(cs.map((c) => c.betaFixed)),
    penalty: tf.tensor1d(cs.map((c) => c.penalty)),
    target: tf.tensor1d(cs.map((c) => c.targetRateNats)),
    useMultiplier: tf.tensor1d(cs.map((c) => c.useMultiplier)),
  };
}

/**
 * The coefficient tensors of a population's objectives, kept between steps: re-uploaded only when
 * an objective changes (clear()) or an annealed β is still ramping. Owns the tensors it holds.
 */
export class CoefficientCache {
  private tensors: CoefficientTensors | undefined;
  private step = -1;

  /** Coefficients at training step `step` (valid until the next call or clear()). */
  at(objectives: readonly ObjectiveSettings[], step: number): CoefficientTensors {
    const ramping = objectives.some((o) => o.kind === 'anneal' && step <= o.annealSteps);
    if (this.tensors && (!ramping || this.step === step)) return this.tensors;
    this.clear();
    this.tensors = coefficientTensors(objectives, step);
    this.step = step;
    return this.tensors;
  }

  /** Dispose the held tensors (an objective changed, or the population is disposed). */
  clear(): void {
    if (this.tensors) for (const t of Object.values(this.tensors)) t.dispose();
    this.tensors = undefined;
  }
}
