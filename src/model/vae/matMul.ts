/**
 * a [m, k] · b [k, n] with gradients written as plain products of transposed copies. tfjs's own
 * MatMul gradient multiplies with the transpose flags set, and on the wasm backend those products
 * are many times slower than transposing first, which left the MLP-VAE step at a small fraction
 * of the backend's matmul speed. Other backends keep the flags.
 */
import * as tf from '@tensorflow/tfjs-core';

const product = (a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D => {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(
    transposeA ? (tf.transpose(a) as tf.Tensor2D) : a,
    transposeB ? (tf.transpose(b) as tf.Tensor2D) : b,
  );
};

/** a · b where a is data (no gradient flows to it): skips the input-gradient product. */
export const matMulDataInput = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const a = args[0] as tf.Tensor2D;
  const b = args[1] as tf.Tensor2D;
  (args[2] as tf.GradSaveFunc)([a]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      tf.zerosLike(a),
      product(saved[0] as tf.Tensor2D, dy as tf.Tensor2D, true, false),
    ],
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

export const matMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const a = args[0] as tf.Tensor2D;
  const b = args[1] as tf.Tensor2D;
  (args[2] as tf.GradSaveFunc)([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [product(g, sb, false, true), product(sa, g, true, false)];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
