/**
 * The toy population's tensor-ops engine (the path every backend has; toyFused.ts is the fused
 * WebGPU one): one training step of D + β_eff·R with exact gradients, Adam and the multiplier's
 * dual step, and the report (R, D, μ, Σ params) at the current parameters. It owns no tensors:
 * ToyPopulation passes its own.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MULTIPLIER_CLIP, MULTIPLIER_DAMPING, MULTIPLIER_STEP } from '../math/objective';
import type { AdamConstants, AdamSlot } from './adam';
import type { CoefficientTensors } from './objectiveTensors';
import { exactForward, exactLogitGradient } from './toyExact';
import type { FamilyConstants, ToyFamily } from './toyFamilies';
import { populationAdam } from './wasmAdam';

/** The population's tensors the tensor path reads and updates. */
export interface ToyTensors {
  family: ToyFamily;
  /** The family's parameters, each [P, …]. */
  params: tf.Variable[];
  slots: AdamSlot[];
  /** μ [P]. */
  multiplier: tf.Variable;
  familyConstants: FamilyConstants;
  /** p*(x) [1, X, 1]. */
  pData: tf.Tensor3D;
  adamConstants: AdamConstants;
}

export interface TensorStepOptions {
  /** The objectives' coefficients at this step, [P] each. */
  coefficients: CoefficientTensors;
  /** Adam's bias-corrected step size per model (0 for a frozen model: its parameters do not move). */
  stepSizes: number[];
  /** Some objective uses R (a penalty or a multiplier). */
  needRate: boolean;
  /** Some objective has a Lagrange multiplier (target-lagrange). */
  useMultiplier: boolean;
}

/**
 * One training step of every model: β_eff = betaFixed + penalty·sign(R − σ) + useMultiplier·(μ + ρ(R − σ)),
 * the exact logit gradients of D + β_eff·R through the family, an Adam update, and dual ascent
 * μ ← clip(μ + η(R − σ)) for the models with a multiplier.
 */
export function tensorTrainStep(t: ToyTensors, o: TensorStepOptions): void {
  const c = o.coefficients;
  tf.tidy(() => {
    const logits = t.family.forward(t.params, t.familyConstants);
    const exact = exactForward(logits, t.pData, { rate: o.needRate, distortion: false });
    let betaEff: tf.Tensor1D = c.betaFixed;
    let gap: tf.Tensor1D | null = null;
    if (exact.rate) {
      const g: tf.Tensor1D = tf.sub(exact.rate, c.target);
      gap = g;
      betaEff = tf.add(betaEff, tf.mul(c.penalty, tf.sign(g)));
      if (o.useMultiplier)
        betaEff = tf.add(betaEff, tf.mul(c.useMultiplier, tf.add(t.multiplier, tf.mul(g, MULTIPLIER_DAMPING))));
    }
    const grads = t.family.backward(t.params, exactLogitGradient(exact, betaEff), t.familyConstants);
    populationAdam(t.params, grads, t.slots, o.stepSizes, t.adamConstants);
    if (o.useMultiplier && gap) {
      // Dual ascent on R = σ for the models that use a multiplier.
      const next = tf.add(t.multiplier, tf.mul(tf.mul(gap, c.useMultiplier), MULTIPLIER_STEP));
      t.multiplier.assign(tf.clipByValue(next, -MULTIPLIER_CLIP, MULTIPLIER_CLIP));
    }
  });
}

/** The report at the current parameters: [4, P] = exact R, exact D (nats), μ and Σ params. Caller disposes. */
export function tensorReport(t: ToyTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const exact = exactForward(t.family.forward(t.params, t.familyConstants), t.pData);
    const sums = t.params.map((p) => tf.sum(p, [1, 2]));
    return tf.stack(
      [exact.rate as tf.Tensor1D, exact.distortion as tf.Tensor1D, t.multiplier, tf.addN(sums)],
      0,
    ) as tf.Tensor2D;
  });
}
