/**
 * MMD² between a batch of codes q [n, L] (the aggregate posterior's sample) and a sample of the
 * prior p [m, L], as a differentiable tensor: the unbiased U-statistic of math/mmd.ts with the
 * same kernels and scale C. Pairwise squared distances as ‖a‖² + ‖b‖² − 2abᵀ (clamped at 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MmdKernel } from '../../math/mmd';
import { stopGradient } from './layers';
import { matMul } from './matMul';

function kernelMatrix(a: tf.Tensor2D, b: tf.Tensor2D, kernel: MmdKernel, scale: number): tf.Tensor2D {
  // ‖a‖² + ‖b‖² − 2abᵀ: [n, m] without an [n, m, L] intermediate (the held-out MMD uses 1,000 codes).
  const na = tf.reshape(tf.sum(tf.square(a), 1), [-1, 1]);
  const nb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]);
  const d2 = tf.relu(tf.sub(tf.add(na, nb), tf.mul(2, matMul(a, tf.transpose(b) as tf.Tensor2D))));
  return (kernel === 'gaussian' ? tf.exp(tf.div(d2, -scale)) : tf.div(scale, tf.add(d2, scale))) as tf.Tensor2D;
}

/** Unbiased MMD² (scalar, unitless) of q [n, L] against p [m, L]; n, m ≥ 2. Inside tidy. */
export function mmdSquaredTensor(q: tf.Tensor2D, p: tf.Tensor2D, kernel: MmdKernel, scale: number): tf.Scalar {
  const n = q.shape[0];
  const m = p.shape[0];
  // The diagonals k(z, z) = 1 for both kernels: subtract them instead of masking.
  const qq = tf.div(tf.sub(tf.sum(kernelMatrix(q, q, kernel, scale)), n), n * (n - 1));
  const pp = tf.div(tf.sub(tf.sum(kernelMatrix(p, p, kernel, scale)), m), m * (m - 1));
  const qp = tf.div(tf.sum(kernelMatrix(q, p, kernel, scale)), (n * m) / 2);
  return tf.sub(tf.add(qq, pp), qp) as tf.Scalar;
}

/**
 * InfoVAE's Stein surrogate (math/stein.ts): −(1/n) Σ_i ⟨φ_i, z_i⟩ with the Stein variational
 * direction φ computed on the codes held fixed (Gaussian kernel, scale C) and `score` = ∇log p at
 * those codes. Its gradient with respect to z is −φ/n: descending it moves q(z) toward p(z).
 * z, score [n, L] → scalar. Inside tidy.
 */
export function steinSurrogate(z: tf.Tensor2D, score: tf.Tensor2D, scale: number): tf.Scalar {
  const n = z.shape[0];
  const zc = stopGradient(z) as tf.Tensor2D;
  const sc = stopGradient(score) as tf.Tensor2D;
  // K[j][i] = k(z_j, z_i) (symmetric); φ = (Kᵀ S − (2/C)(Kᵀ Z − Z ⊙ Kᵀ1)) / n.
  const kmat = kernelMatrix(zc, zc, 'gaussian', scale);
  const colSum = tf.reshape(tf.sum(kmat, 0), [n, 1]);
  const kz = tf.matMul(kmat, zc, true, false);
  const phi = tf.div(tf.sub(tf.matMul(kmat, sc, true, false), tf.mul(2 / scale, tf.sub(kz, tf.mul(zc, colSum)))), n);
  return tf.neg(tf.div(tf.sum(tf.mul(phi, z)), n)) as tf.Scalar;
}
