/**
 * One VAE (Bernoulli pixels, or a Gaussian decoder for the 1-D problem) of any of the 12 families: encoder e(z|x),
 * decoder d(x|z), marginal m(z), and
 * the per-example rate and distortion the objectives use (nats):
 *   D(x) = −log d(x|z), z ~ e(z|x) (one sample)
 *   R(x) = KL(e(z|x) ‖ N(0, I)) in closed form for the (−, ·, −) families, otherwise the
 *          single-sample Monte Carlo estimate log e(z|x) − log m(z).
 * Owns its parameters (ParamStore) and constant masks; dispose() frees them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import { Decoder, type Likelihood } from './decoder';
import { Encoder } from './encoder';
import { klToStandardNormal } from './layers';
import { Marginal } from './marginal';
import { ParamStore } from './params';

export interface VaeTerms {
  /** Per-example rate [B] and distortion [B], nats. */
  rate: tf.Tensor1D;
  distortion: tf.Tensor1D;
  /** The sampled code [B, L] and the encoder's mean [B, L]. */
  z: tf.Tensor2D;
  mean: tf.Tensor2D;
}

export class Vae {
  readonly params: ParamStore;
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  readonly marginal: Marginal;

  constructor(
    readonly arch: VaeArchitecture,
    seed: number,
    readonly pixels = 784,
    likelihood: Likelihood = 'bernoulli',
  ) {
    this.params = new ParamStore(seed);
    this.encoder = new Encoder(this.params, arch, pixels);
    this.decoder = new Decoder(this.params, arch, pixels, likelihood);
    this.marginal = new Marginal(this.params, arch, this.encoder);
  }

  /** Whether R is the closed-form KL (Gaussian encoder, N(0, I) marginal). */
  get analyticRate(): boolean {
    return !this.encoder.hasFlow && this.marginal.isStandardNormal;
  }

  /** Rate and distortion of each image x [B, pixels] with noise eps [B, L]. Inside tidy. */
  terms(x: tf.Tensor2D, eps: tf.Tensor2D): VaeTerms {
    const enc = this.encoder.encode(x);
    const { z, logQ } = this.encoder.sample(enc, eps);
    const rate = this.analyticRate
      ? klToStandardNormal(enc.mean, enc.std)
      : (tf.sub(logQ, this.marginal.logDensity(z)) as tf.Tensor1D);
    const distortion = this.decoder.negLogLik(z, x);
    return { rate, distortion, z, mean: enc.mean };
  }

  /** Per-example rate [B] alone (no decoder pass): for the training-set R that constraints hold. Inside tidy. */
  rate(x: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor1D {
    const enc = this.encoder.encode(x);
    const { z, logQ } = this.encoder.sample(enc, eps);
    return this.analyticRate
      ? klToStandardNormal(enc.mean, enc.std)
      : (tf.sub(logQ, this.marginal.logDensity(z)) as tf.Tensor1D);
  }

  /**
   * Importance log-weights log w = log d(x|z) + log m(z) − log e(z|x) for k samples per image:
   * x [B, pixels], eps [k, B, L] → [k, B]. Their log-mean-exp is the IWAE-k bound on log p(x);
   * their mean is the k-sample Monte Carlo ELBO (never above it, by Jensen).
   */
  logWeights(x: tf.Tensor2D, eps: tf.Tensor3D): tf.Tensor2D {
    const [k, b, l] = eps.shape;
    const enc = this.encoder.encode(x);
    const rep = <T extends tf.Tensor>(t: T): tf.Tensor2D =>
      tf.reshape(tf.tile(tf.expandDims(t, 0), [k, 1, 1]), [k * b, t.shape[1] as number]) as tf.Tensor2D;
    const e = { mean: rep(enc.mean), std: rep(enc.std), hidden: rep(enc.hidden) };
    const { z, logQ } = this.encoder.sample(e, tf.reshape(eps, [k * b, l]) as tf.Tensor2D);
    const xs = rep(x);
    const logD = tf.neg(this.decoder.negLogLik(z, xs));
    return tf.reshape(tf.sub(tf.add(logD, this.marginal.logDensity(z)), logQ), [k, b]) as tf.Tensor2D;
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.marginal.dispose();
    this.params.dispose();
  }
}
