/**
 * MMD² between a batch of codes q [n, L] (the aggregate posterior's sample) and a sample of the
 * prior p [m, L], as a differentiable tensor: the unbiased U-statistic of math/mmd.ts with the
 * same kernels and scale C. Pairwise squared distances by broadcasting ([n, m, L] at most 512²·64
 * floats for the largest batches), so every backend differentiates it with its own ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MmdKernel } from '../../math/mmd';

function kernelMatrix(a: tf.Tensor2D, b: tf.Tensor2D, kernel: MmdKernel, scale: number): tf.Tensor2D {
  const d2 = tf.sum(tf.square(tf.sub(tf.expandDims(a, 1), tf.expandDims(b, 0))), -1);
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
