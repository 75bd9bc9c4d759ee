/**
 * Held-out metrics of an image VAE (nats): test R, D and −ELBO over the whole test set; the
 * IWAE-k bound on −log p(x) with the k-sample Monte Carlo −ELBO on the same images and samples
 * (so IWAE ≤ that −ELBO always, by Jensen); active units (Burda et al.: Var_x E[z_j|x] > 0.01);
 * and the minibatch estimate of I(x; z) of InfoVAE Appendix B.2, which cannot exceed log M.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HeldOutMetrics } from '../../lib/metrics';
import type { ImageTensors } from './imageTensors';
import { gaussianLogDensity } from './layers';
import type { Vae } from './vae';
import { stepSeed } from './vaeRun';

export const ACTIVE_UNIT_THRESHOLD = 0.01;

export interface HeldOutOptions {
  /** Importance samples k of the IWAE bound. */
  iwaeSamples: number;
  /** Test images used for IWAE (the first ones of the test set). */
  iwaeImages: number;
  /** Test images M of the MI estimate. */
  miImages: number;
  /** Seed of the noise (same seed → same numbers). */
  seed: number;
  /** Images per forward pass. */
  chunk?: number;
}

export const DEFAULT_HELD_OUT: HeldOutOptions = { iwaeSamples: 10, iwaeImages: 100, miImages: 250, seed: 1 };

export type { HeldOutMetrics };

async function scalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0] as number;
  t.dispose();
  return v;
}

export async function evaluateHeldOut(vae: Vae, images: ImageTensors, opts: HeldOutOptions = DEFAULT_HELD_OUT): Promise<HeldOutMetrics> {
  const n = images.testCount;
  const l = vae.arch.latentDim;
  const chunk = opts.chunk ?? 250;
  let rateSum = 0;
  let distSum = 0;
  const meanParts: tf.Tensor2D[] = [];
  for (let start = 0, c = 0; start < n; start += chunk, c++) {
    const size = Math.min(chunk, n - start);
    const [r, d, m] = tf.tidy(() => {
      const x = tf.slice(images.test, [start, 0], [size, -1]) as tf.Tensor2D;
      const eps = tf.randomNormal([size, l], 0, 1, 'float32', stepSeed(opts.seed, c)) as tf.Tensor2D;
      const t = vae.terms(x, eps);
      return [tf.sum(t.rate), tf.sum(t.distortion), t.mean];
    });
    rateSum += await scalar(r as tf.Tensor);
    distSum += await scalar(d as tf.Tensor);
    meanParts.push(m as tf.Tensor2D);
  }
  const activeUnits = await scalar(
    tf.tidy(() => {
      const means = tf.concat(meanParts, 0);
      return tf.sum(tf.cast(tf.greater(tf.moments(means, 0).variance, ACTIVE_UNIT_THRESHOLD), 'float32'));
    }),
  );
  meanParts.forEach((t) => t.dispose());

  const k = opts.iwaeSamples;
  const s = Math.min(opts.iwaeImages, n);
  const [iwae, mcElbo] = tf.tidy(() => {
    const x = tf.slice(images.test, [0, 0], [s, -1]) as tf.Tensor2D;
    const eps = tf.randomNormal([k, s, l], 0, 1, 'float32', stepSeed(opts.seed, 1_000_001)) as tf.Tensor3D;
    const logW = vae.logWeights(x, eps); // [k, s]
    const logMeanW = tf.sub(tf.logSumExp(logW, 0), Math.log(k));
    return [tf.neg(tf.mean(logMeanW)), tf.neg(tf.mean(logW))];
  }) as [tf.Tensor, tf.Tensor];

  const m = Math.min(opts.miImages, n);
  const mi = tf.tidy(() => {
    const x = tf.slice(images.test, [0, 0], [m, -1]) as tf.Tensor2D;
    const enc = vae.encoder.encode(x);
    const eps = tf.randomNormal([m, l], 0, 1, 'float32', stepSeed(opts.seed, 2_000_003));
    const z = tf.add(enc.mean, tf.mul(enc.std, eps));
    // logq[i][j] = log e(z_i | x_j) with the encoder's Gaussian (before any flow).
    const logq = gaussianLogDensity(tf.reshape(z, [m, 1, l]), tf.reshape(enc.mean, [1, m, l]), tf.reshape(enc.std, [1, m, l])) as unknown as tf.Tensor2D;
    const diag = tf.sum(tf.mul(logq, tf.eye(m)), 1);
    return tf.mean(tf.sub(diag, tf.sub(tf.logSumExp(logq, 1), Math.log(m))));
  });

  return {
    testRateNats: rateSum / n,
    testDistortionNats: distSum / n,
    testNegElboNats: (rateSum + distSum) / n,
    iwaeNats: await scalar(iwae),
    iwaeNegElboNats: await scalar(mcElbo),
    iwaeSamples: k,
    activeUnits,
    miEstimateNats: await scalar(mi),
    miCeilingNats: Math.log(m),
  };
}
