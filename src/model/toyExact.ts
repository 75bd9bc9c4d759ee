/**
 * Exact rate, distortion and their analytic gradients for a population of P toy models.
 * No sampling: sums over the 30×30 grid, weighted by the known p*(x).
 *
 * Inputs are logits: a [P, X, Z] (encoder, row x over z), b [P, Z, X] (decoder, row z over x),
 * c [P, 1, Z] (marginal). With E = softmax(a), Dz = softmax(b), M = softmax(c), w = p*(x),
 * n_xz = w_x E_xz and q_z = Σ_x n_xz:
 *   R = Σ n_xz (log E_xz − log M_z),   D = −Σ n_xz log Dz_zx,   loss = Σ_p D_p + β_eff,p R_p.
 * Gradients with respect to the logits (β_eff held fixed within a step):
 *   ∂/∂a_xz = n_xz (f_xz − Σ_z' E_xz' f_xz'),   f_xz = β (a_xz − c_z) − log Dz_zx
 *             (the log-normalisers of e and m are constant along z and cancel after centring);
 *   ∂/∂b_zx = q_z Dz_zx − n_xz;    ∂/∂c_z = β (M_z − q_z).
 * Only cheap kernels are used in a training step (softmax, not exp over the full tensors; no
 * slice/concat/matMul), because on the wasm backend exp/log cost far more than an add.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Logits of the three distributions of P models. */
export interface ToyLogits {
  /** encoder logits [P, X, Z], normalised over z */
  enc: tf.Tensor3D;
  /** decoder logits [P, Z, X], normalised over x */
  dec: tf.Tensor3D;
  /** marginal logits [P, 1, Z] */
  marg: tf.Tensor3D;
}

/** Gradients with respect to ToyLogits, same shapes. */
export type ToyLogitGrads = ToyLogits;

/**
 * Softmax over the last axis and the log-normaliser log Σ exp(logits), computed from the
 * largest entry (log Σ exp = max logit − log max probability) so no exp/log runs over the full
 * tensor. The max probability is ≥ 1/K, so its log is well conditioned.
 */
export function softmaxWithLogNormaliser(logits: tf.Tensor3D): { prob: tf.Tensor3D; logNorm: tf.Tensor3D } {
  const prob = tf.softmax(logits) as tf.Tensor3D;
  const logNorm = tf.sub(tf.max(logits, 2, true), tf.log(tf.max(prob, 2, true))) as tf.Tensor3D;
  return { prob, logNorm };
}

/** Pieces of the exact forward pass kept for the backward pass. */
export interface ExactForward {
  /** R per model, nats: [P] (null when not asked for) */
  rate: tf.Tensor1D | null;
  /** D per model, nats: [P] (null when not asked for) */
  distortion: tf.Tensor1D | null;
  /** e(z|x): [P, X, Z] */
  enc: tf.Tensor3D;
  /** n_xz = p*(x) e(z|x): [P, X, Z] */
  weightedEnc: tf.Tensor3D;
  /** a_xz − c_z: [P, X, Z] */
  logitGap: tf.Tensor3D;
  /** log d(x|z) transposed: [P, X, Z] */
  logDecT: tf.Tensor3D;
  /** d(x|z): [P, Z, X] */
  dec: tf.Tensor3D;
  /** m(z): [P, 1, Z] */
  marg: tf.Tensor3D;
  /** q(z) as a column: [P, Z, 1] */
  aggregateCol: tf.Tensor3D;
  /** n transposed: [P, Z, X] */
  weightedEncT: tf.Tensor3D;
}

/** Which scalars a forward pass must produce (the gradient needs neither). */
export interface ExactNeeds {
  rate: boolean;
  distortion: boolean;
}

/**
 * Exact R and D of every model; pData is p*(x) as a [1, X, 1] tensor. R and D are computed only
 * when `needs` asks (a training step needs R only for objectives that depend on it, and never D).
 * Call inside tf.tidy.
 */
export function exactForward(
  logits: ToyLogits,
  pData: tf.Tensor3D,
  needs: ExactNeeds = { rate: true, distortion: true },
): ExactForward {
  const P = logits.enc.shape[0];
  const encProb = tf.softmax(logits.enc) as tf.Tensor3D;
  const d = softmaxWithLogNormaliser(logits.dec);
  const margProb = tf.softmax(logits.marg) as tf.Tensor3D;
  const logDecT = tf.transpose(tf.sub(logits.dec, d.logNorm), [0, 2, 1]) as tf.Tensor3D;
  const weightedEnc = tf.mul(encProb, pData) as tf.Tensor3D;
  const logitGap = tf.sub(logits.enc, logits.marg) as tf.Tensor3D;
  let rate: tf.Tensor1D | null = null;
  if (needs.rate) {
    // R = Σ n (a − c) − Σ_x p*(x) logNormA_x + logNormC (since Σ_z e = 1 and Σ_x p* = 1).
    const encNorm = tf.sub(tf.max(logits.enc, 2, true), tf.log(tf.max(encProb, 2, true)));
    const margNorm = tf.sub(tf.max(logits.marg, 2, true), tf.log(tf.max(margProb, 2, true)));
    rate = tf.add(
      tf.sub(tf.sum(tf.mul(weightedEnc, logitGap), [1, 2]), tf.sum(tf.mul(encNorm, pData), [1, 2])),
      tf.reshape(margNorm, [P]),
    ) as tf.Tensor1D;
  }
  const distortion = needs.distortion ? (tf.neg(tf.sum(tf.mul(weightedEnc, logDecT), [1, 2])) as tf.Tensor1D) : null;
  const weightedEncT = tf.transpose(weightedEnc, [0, 2, 1]) as tf.Tensor3D;
  const aggregateCol = tf.sum(weightedEncT, 2, true) as tf.Tensor3D;
  return {
    rate,
    distortion,
    enc: encProb,
    weightedEnc,
    logitGap,
    logDecT,
    dec: d.prob,
    marg: margProb,
    aggregateCol,
    weightedEncT,
  };
}

/** Gradient of Σ_p (D_p + β_p R_p) with respect to the logits, for betaEff [P]. Call inside tf.tidy. */
export function exactLogitGradient(fwd: ExactForward, betaEff: tf.Tensor1D): ToyLogitGrads {
  const P = betaEff.shape[0];
  const b3 = tf.reshape(betaEff, [P, 1, 1]);
  const f = tf.sub(tf.mul(fwd.logitGap, b3), fwd.logDecT);
  const fMean = tf.sum(tf.mul(fwd.enc, f), 2, true);
  const enc = tf.mul(fwd.weightedEnc, tf.sub(f, fMean)) as tf.Tensor3D;
  const dec = tf.sub(tf.mul(fwd.dec, fwd.aggregateCol), fwd.weightedEncT) as tf.Tensor3D;
  const marg = tf.mul(b3, tf.sub(fwd.marg, tf.reshape(fwd.aggregateCol, [P, 1, -1]))) as tf.Tensor3D;
  return { enc, dec, marg };
}

/**
 * Log-probability tables [P, ROWS, K] in the layout of toyLayout.ts (encoder rows, decoder rows,
 * marginal row), for exact float64 metrics and plots. Uses plain log-softmax: runs only at
 * report time. Call inside tf.tidy.
 */
export function logTables(logits: ToyLogits): tf.Tensor3D {
  return tf.concat(
    [tf.logSoftmax(logits.enc), tf.logSoftmax(logits.dec), tf.logSoftmax(logits.marg)],
    1,
  ) as tf.Tensor3D;
}
