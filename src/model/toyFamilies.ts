/**
 * The three toy model families. A family owns a list of parameter tensors, each with the model
 * index first, maps them to ToyLogits and maps logit gradients back to parameter gradients.
 *
 *   tabular:        free logits for e(z|x) [P,30,30], d(x|z) [P,30,30] and m(z) [P,1,30] — the
 *                   "very flexible nonparametric" models of the main text (1,830 numbers per model).
 *   smooth:         Appendix E form, five [P,1,30] rows w_e, b_e, w_d, b_d, π (150 numbers per model):
 *                   e(z_i|x) ∝ exp(−(w_e,i·x − b_e,i)²) over i, x the bin centre in [−1, 1];
 *                   d(x_j|z_i) ∝ exp(−(w_d,i·x_j − b_d,i)²) over j;  m(z_i) = softmax(π)_i.
 *   smooth-encoder: the smooth encoder with the tabular decoder and marginal: w_e [P,1,30],
 *                   b_e [P,1,30], d(x|z) logits [P,30,30], m(z) logits [P,1,30] (990 numbers per model):
 *                   e(z_i|x) ∝ exp(−(w_e,i·x − b_e,i)²) over i;  d(x_j|z_i) = softmax(D_i)_j;
 *                   m(z_i) = softmax(π)_i.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededNormals } from '../math/rng';
import { binCentres } from '../math/toyData';
import type { ToyLogitGrads, ToyLogits } from './toyExact';
import { K, X, Z } from './toyLayout';

import { FAMILIES, type Family } from '../lib/experiment';

export const FAMILY_NAMES = FAMILIES;
export type FamilyName = Family;

/** Standard deviation of the initial tabular logits. */
export const TABULAR_INIT_STD = 0.1;
/** Smooth family: initial slopes w ~ N(0, SMOOTH_SLOPE_STD²), offsets b ~ N(0, SMOOTH_OFFSET_STD²), π = 0. */
export const SMOOTH_SLOPE_STD = 1;
export const SMOOTH_OFFSET_STD = 1;

/** Shape of one parameter tensor, model index first. */
export type ParamShape = [number, number, number];

/** Constant tensors a family needs (created once per population, on its backend). */
export type FamilyConstants = tf.Tensor[];

export interface ToyFamily {
  readonly name: FamilyName;
  readonly paramsPerModel: number;
  /** Shapes of the parameter tensors for P models. */
  paramShapes(P: number): ParamShape[];
  /** Seeded initial values, one array per parameter tensor: the same numbers on every backend. */
  initParams(P: number, seed: number): Float32Array[];
  /** Constants for forward/backward (e.g. bin centres). Owned and disposed by the caller. */
  constants(): FamilyConstants;
  /** Parameters → logits. Call inside tf.tidy. */
  forward(params: readonly tf.Tensor[], k: FamilyConstants): ToyLogits;
  /** Logit gradients → one gradient per parameter tensor. Call inside tf.tidy. */
  backward(params: readonly tf.Tensor[], grads: ToyLogitGrads, k: FamilyConstants): tf.Tensor[];
}

const tabular: ToyFamily = {
  name: 'tabular',
  paramsPerModel: X * Z + Z * X + Z,
  paramShapes: (P) => [
    [P, X, Z],
    [P, Z, X],
    [P, 1, Z],
  ],
  initParams: (P, seed) => [
    seededNormals(P * X * Z, seed, TABULAR_INIT_STD),
    seededNormals(P * Z * X, seed + 1, TABULAR_INIT_STD),
    seededNormals(P * Z, seed + 2, TABULAR_INIT_STD),
  ],
  constants: () => [],
  forward: ([enc, dec, marg]) => ({ enc: enc as tf.Tensor3D, dec: dec as tf.Tensor3D, marg: marg as tf.Tensor3D }),
  backward: (_p, g) => [g.enc, g.dec, g.marg],
};

const smooth: ToyFamily = {
  name: 'smooth',
  paramsPerModel: 5 * K,
  paramShapes: (P) => Array.from({ length: 5 }, (): ParamShape => [P, 1, Z]),
  initParams: (P, seed) => [
    seededNormals(P * Z, seed, SMOOTH_SLOPE_STD),
    seededNormals(P * Z, seed + 1, SMOOTH_OFFSET_STD),
    seededNormals(P * Z, seed + 2, SMOOTH_SLOPE_STD),
    seededNormals(P * Z, seed + 3, SMOOTH_OFFSET_STD),
    new Float32Array(P * Z),
  ],
  constants: () => {
    const c = binCentres();
    return [tf.tensor3d(c, [1, X, 1]), tf.tensor3d(c, [1, 1, X])];
  },
  forward: (params, k) => {
    const uEnc = smoothEncoderArgument(params[0] as tf.Tensor3D, params[1] as tf.Tensor3D, k);
    const uDec = smoothDecoderArgument(params[2] as tf.Tensor3D, params[3] as tf.Tensor3D, k);
    return { enc: tf.neg(tf.square(uEnc)), dec: tf.neg(tf.square(uDec)), marg: params[4] as tf.Tensor3D };
  },
  backward: (params, g, k) => {
    const row = k[1] as tf.Tensor3D;
    const P = g.enc.shape[0];
    const uEnc = smoothEncoderArgument(params[0] as tf.Tensor3D, params[1] as tf.Tensor3D, k);
    const uDec = smoothDecoderArgument(params[2] as tf.Tensor3D, params[3] as tf.Tensor3D, k);
    // logit = −u², so ∂logit/∂w = −2u·x and ∂logit/∂b = +2u.
    const tDec = tf.mul(g.dec, tf.mul(uDec, 2));
    return [
      ...smoothEncoderGrads(g.enc, uEnc, k),
      tf.reshape(tf.neg(tf.sum(tf.mul(tDec, row), 2)), [P, 1, Z]),
      tf.reshape(tf.sum(tDec, 2), [P, 1, Z]),
      g.marg,
    ];
  },
};

const smoothEncoder: ToyFamily = {
  name: 'smooth-encoder',
  paramsPerModel: 2 * Z + Z * X + Z,
  paramShapes: (P) => [
    [P, 1, Z],
    [P, 1, Z],
    [P, Z, X],
    [P, 1, Z],
  ],
  initParams: (P, seed) => [
    seededNormals(P * Z, seed, SMOOTH_SLOPE_STD),
    seededNormals(P * Z, seed + 1, SMOOTH_OFFSET_STD),
    seededNormals(P * Z * X, seed + 2, TABULAR_INIT_STD),
    seededNormals(P * Z, seed + 3, TABULAR_INIT_STD),
  ],
  constants: () => [tf.tensor3d(binCentres(), [1, X, 1])],
  forward: ([wEnc, bEnc, dec, marg], k) => ({
    enc: tf.neg(tf.square(smoothEncoderArgument(wEnc as tf.Tensor3D, bEnc as tf.Tensor3D, k))),
    dec: dec as tf.Tensor3D,
    marg: marg as tf.Tensor3D,
  }),
  backward: ([wEnc, bEnc], g, k) => [
    ...smoothEncoderGrads(g.enc, smoothEncoderArgument(wEnc as tf.Tensor3D, bEnc as tf.Tensor3D, k), k),
    g.dec,
    g.marg,
  ],
};

/** u_enc[p,x,z] = w_e,z·x − b_e,z  [P,X,Z], from w_e, b_e [P,1,Z]; k[0] holds the bin centres [1,X,1]. */
function smoothEncoderArgument(wEnc: tf.Tensor3D, bEnc: tf.Tensor3D, k: FamilyConstants): tf.Tensor3D {
  return tf.sub(tf.mul(wEnc, k[0] as tf.Tensor3D), bEnc) as tf.Tensor3D;
}

/** u_dec[p,z,x] = w_d,z·x − b_d,z  [P,Z,X], from w_d, b_d [P,1,Z]; k[1] holds the bin centres [1,1,X]. */
function smoothDecoderArgument(wDec: tf.Tensor3D, bDec: tf.Tensor3D, k: FamilyConstants): tf.Tensor3D {
  const P = wDec.shape[0];
  return tf.sub(tf.mul(tf.reshape(wDec, [P, Z, 1]), k[1] as tf.Tensor3D), tf.reshape(bDec, [P, Z, 1])) as tf.Tensor3D;
}

/**
 * Encoder logit gradient g_enc [P,X,Z] → [∂/∂w_e, ∂/∂b_e], each [P,1,Z]. The logit is −u², so
 * ∂logit/∂w = −2u·x and ∂logit/∂b = +2u.
 */
function smoothEncoderGrads(gEnc: tf.Tensor3D, uEnc: tf.Tensor3D, k: FamilyConstants): [tf.Tensor, tf.Tensor] {
  const t = tf.mul(gEnc, tf.mul(uEnc, 2));
  return [tf.neg(tf.sum(tf.mul(t, k[0] as tf.Tensor3D), 1, true)), tf.sum(t, 1, true)];
}

/** The family of the given name. */
export function toyFamily(name: FamilyName): ToyFamily {
  switch (name) {
    case 'tabular':
      return tabular;
    case 'smooth':
      return smooth;
    case 'smooth-encoder':
      return smoothEncoder;
    default: {
      const unknown: never = name;
      throw new Error(`unknown toy family ${String(unknown)}`);
    }
  }
}
