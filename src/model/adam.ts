/**
 * Adam for a population: each parameter tensor has the model index first ([P, …]); Adam is
 * elementwise, so batching does not couple the models. A per-model step size [P, 1, …] carries
 * the bias correction and freezes a faulted model (step size 0).
 */
import * as tf from '@tensorflow/tfjs-core';

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/** First and second moment estimates, same shape as the parameter. */
export interface AdamSlot {
  m: tf.Variable;
  v: tf.Variable;
}

/** Zero moments; tidy frees the zero tensors the variables were made from. */
export function createAdamSlot(shape: readonly number[]): AdamSlot {
  const [m, v] = tf.tidy(() => [
    tf.variable(tf.zeros([...shape]), false),
    tf.variable(tf.zeros([...shape]), false),
  ]) as [tf.Variable, tf.Variable];
  return { m, v };
}

/** Bias-corrected step size lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) for step t ≥ 1. */
export function adamStepSize(learningRate: number, t: number): number {
  return (learningRate * Math.sqrt(1 - ADAM_BETA2 ** t)) / (1 - ADAM_BETA1 ** t);
}

/** Scalars reused by every update, so each step does not upload new ones. */
export interface AdamConstants {
  beta1: tf.Scalar;
  oneMinusBeta1: tf.Scalar;
  beta2: tf.Scalar;
  oneMinusBeta2: tf.Scalar;
  epsilon: tf.Scalar;
}

export function createAdamConstants(): AdamConstants {
  return {
    beta1: tf.scalar(ADAM_BETA1),
    oneMinusBeta1: tf.scalar(1 - ADAM_BETA1),
    beta2: tf.scalar(ADAM_BETA2),
    oneMinusBeta2: tf.scalar(1 - ADAM_BETA2),
    epsilon: tf.scalar(ADAM_EPSILON),
  };
}

/**
 * One Adam update of `param` in place. stepSize broadcasts against the parameter ([P, 1, 1]).
 * Call inside tf.tidy.
 */
export function adamUpdate(
  param: tf.Variable,
  grad: tf.Tensor,
  slot: AdamSlot,
  stepSize: tf.Tensor,
  k: AdamConstants,
): void {
  const m = tf.add(tf.mul(slot.m, k.beta1), tf.mul(grad, k.oneMinusBeta1));
  const v = tf.add(tf.mul(slot.v, k.beta2), tf.mul(tf.square(grad), k.oneMinusBeta2));
  const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), k.epsilon));
  slot.m.assign(m);
  slot.v.assign(v);
  param.assign(tf.sub(param, update));
}
