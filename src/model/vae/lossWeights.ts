/**
 * The tensor side of math/constraints.ts for one training step: the weights the batch means of D,
 * R and MMD² get (lossWeights, with the batch's R held constant), and one dual-ascent step of the
 * constraint multipliers [μ_R, μ_MMD, μ_−ELBO] (dualAscent). Tested against those functions
 * through VaeModel. Inside tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CONSTRAINT_DUAL, constraintCoefficients, multiplierRanges } from '../../math/constraints';
import { MULTIPLIER_DAMPING, objectiveCoefficients, type ObjectiveSettings } from '../../math/objective';
import type { CoefficientTensors } from '../objectiveTensors';

export interface LossWeightTensors {
  distortion: tf.Tensor;
  rate: tf.Tensor;
  /** b of the objective (on MMD² or the Stein surrogate), and μ_MMD (always on the measured MMD²). */
  divergence: number;
  mmdMultiplier: tf.Scalar;
}

/**
 * ∂L/∂D = 1 + μ_E, ∂L/∂R = β_eff + μ_R + ρ·h(R − σ) + μ_E, and the MMD weights, for objective `o`
 * with coefficients `c` at step `step`; `rate` is the batch's mean R without gradient, `legacyMultiplier`
 * the σ multiplier of target-lagrange and `multipliers` the constraint multipliers [3].
 */
export function lossWeightTensors(
  o: ObjectiveSettings,
  step: number,
  c: CoefficientTensors,
  rate: tf.Tensor,
  legacyMultiplier: tf.Tensor,
  multipliers: tf.Tensor,
): LossWeightTensors {
  const cc = constraintCoefficients(o);
  const gap = tf.sub(rate, c.target);
  const betaEff = tf.add(
    tf.add(c.betaFixed, tf.mul(c.penalty, tf.sign(gap))),
    tf.mul(c.useMultiplier, tf.add(legacyMultiplier, tf.mul(gap, MULTIPLIER_DAMPING))),
  );
  const [rateMultiplier, mmdMultiplier, elboMultiplier] = tf.unstack(tf.mul(tf.tensor1d(cc.on), multipliers)) as [
    tf.Scalar,
    tf.Scalar,
    tf.Scalar,
  ];
  // The augmented term's hinge on R − σ: the gap itself for R = σ, its positive part for R ≤ σ.
  const gR = tf.sub(rate, cc.bound[0]);
  const hinge = tf.mul(cc.on[0], cc.equality[0] ? gR : tf.relu(gR));
  return {
    distortion: tf.add(1, elboMultiplier),
    rate: tf.add(tf.add(tf.add(betaEff, rateMultiplier), tf.mul(hinge, MULTIPLIER_DAMPING)), elboMultiplier),
    divergence: objectiveCoefficients(o, step).mmdWeight,
    mmdMultiplier,
  };
}

/** The multipliers after one dual-ascent step on the batch's values [R, MMD², −ELBO]. */
export function dualAscentTensor(o: ObjectiveSettings, multipliers: tf.Tensor, values: tf.Tensor1D): tf.Tensor1D {
  const cc = constraintCoefficients(o);
  const ranges = multiplierRanges(o);
  const stepOverScale = [CONSTRAINT_DUAL.rate.step, CONSTRAINT_DUAL.mmd.step, CONSTRAINT_DUAL.negElbo.step].map(
    (st, i) => (cc.on[i] ? st / (cc.gapScale[i] as number) : 0),
  );
  const next = tf.add(multipliers, tf.mul(tf.tensor1d(stepOverScale), tf.sub(values, tf.tensor1d(cc.bound))));
  return tf.minimum(
    tf.maximum(next, tf.tensor1d(ranges.map((r) => r[0]))),
    tf.tensor1d(ranges.map((r) => r[1])),
  ) as tf.Tensor1D;
}
