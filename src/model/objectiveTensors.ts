/**
 * Per-model objective coefficients as tensors [P]:
 * β_eff = betaFixed + penalty·sign(R − σ) + useMultiplier·(μ + ρ(R − σ)).
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
