/**
 * Held-out metrics of an image VAE (nats): R, D and −ELBO over all held-out images (ImageTensors.heldOut:
 * the first 1,000 validation images; the full test set is model/vae/testEvaluation.ts); the
 * IWAE-k bound on −log p(x) with the k-sample Monte Carlo −ELBO on the same images and samples
 * (so IWAE ≤ that −ELBO always, by Jensen); active units (Burda et al.: Var_x E[z_j|x] > 0.01);
 * and the minibatch estimate of I(x; z) of InfoVAE Appendix B.2, which cannot exceed log M;
 * R over the first 1,000 training images (what a rate constraint holds); MMD²(q(z), m(z)) of all
 * held-out codes against as many prior samples; the generative-MI lower bound E of Alemi et al. (appendix):
 * E = E_{z~m, x~d(x|z)}[log e(z|x) − log m(z)] ≤ I_d(x; z), for a Gaussian encoder (its density
 * at any z is known) and an MLP decoder (cheap to sample); and the semi-supervised probe of
 * InfoVAE Figure 3E: 1-NN accuracy on held-out latent means given 100 and 1,000 labelled ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HeldOutMetrics } from '../../lib/metrics';
import { nearestNeighbourAccuracy } from '../../math/knn';
import { defaultKernelScale, type MmdKernel } from '../../math/mmd';
import { mmdSquaredTensor } from './mmd';
import type { ImageTensors } from './imageTensors';
import { gaussianLogDensity } from './layers';
import type { Vae } from './vae';
import { stepSeed } from './stepSeed';

export const ACTIVE_UNIT_THRESHOLD = 0.01;

export interface HeldOutOptions {
  /** Importance samples k of the IWAE bound. */
  iwaeSamples: number;
  /** Held-out images used for IWAE (the first ones). */
  iwaeImages: number;
  /** Held-out images M of the MI estimate. */
  miImages: number;
  /** Seed of the noise (same seed → same numbers). */
  seed: number;
  /** Images per forward pass. */
  chunk?: number;
  /** Kernel of the MMD (the model's objective's; imq when it has none). */
  kernel?: MmdKernel;
  /** Skip the 1-NN probe (it encodes 1,000 training images). */
  skipProbe?: boolean;
}

/** Labelled training images of the semi-supervised probe (InfoVAE Figure 3E). */
export const PROBE_LABELS = [100, 1000] as const;

export const DEFAULT_HELD_OUT: HeldOutOptions = { iwaeSamples: 10, iwaeImages: 100, miImages: 250, seed: 1 };

export type { HeldOutMetrics };

async function scalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0] as number;
  t.dispose();
  return v;
}

export async function evaluateHeldOut(
  vae: Vae,
  images: ImageTensors,
  opts: HeldOutOptions = DEFAULT_HELD_OUT,
): Promise<HeldOutMetrics> {
  const n = images.heldOutCount;
  const l = vae.arch.latentDim;
  const chunk = opts.chunk ?? 250;
  let rateSum = 0;
  let distSum = 0;
  const meanParts: tf.Tensor2D[] = [];
  const codeParts: tf.Tensor2D[] = [];
  for (let start = 0, c = 0; start < n; start += chunk, c++) {
    const size = Math.min(chunk, n - start);
    const [r, d, m, z] = tf.tidy(() => {
      const x = tf.slice(images.heldOut, [start, 0], [size, -1]) as tf.Tensor2D;
      const eps = tf.randomNormal([size, l], 0, 1, 'float32', stepSeed(opts.seed, c)) as tf.Tensor2D;
      const t = vae.terms(x, eps);
      return [tf.sum(t.rate), tf.sum(t.distortion), t.mean, t.z];
    }) as [tf.Tensor, tf.Tensor, tf.Tensor2D, tf.Tensor2D];
    rateSum += await scalar(r);
    distSum += await scalar(d);
    meanParts.push(m);
    codeParts.push(z);
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
    const x = tf.slice(images.heldOut, [0, 0], [s, -1]) as tf.Tensor2D;
    const eps = tf.randomNormal([k, s, l], 0, 1, 'float32', stepSeed(opts.seed, 1_000_001)) as tf.Tensor3D;
    const logW = vae.logWeights(x, eps); // [k, s]
    const logMeanW = tf.sub(tf.logSumExp(logW, 0), Math.log(k));
    return [tf.neg(tf.mean(logMeanW)), tf.neg(tf.mean(logW))];
  }) as [tf.Tensor, tf.Tensor];

  const m = Math.min(opts.miImages, n);
  const mi = tf.tidy(() => {
    const x = tf.slice(images.heldOut, [0, 0], [m, -1]) as tf.Tensor2D;
    const enc = vae.encoder.encode(x);
    const eps = tf.randomNormal([m, l], 0, 1, 'float32', stepSeed(opts.seed, 2_000_003));
    const z = tf.add(enc.mean, tf.mul(enc.std, eps));
    // logq[i][j] = log e(z_i | x_j) with the encoder's Gaussian (before any flow).
    const logq = gaussianLogDensity(
      tf.reshape(z, [m, 1, l]),
      tf.reshape(enc.mean, [1, m, l]),
      tf.reshape(enc.std, [1, m, l]),
    ) as unknown as tf.Tensor2D;
    const diag = tf.sum(tf.mul(logq, tf.eye(m)), 1);
    return tf.mean(tf.sub(diag, tf.sub(tf.logSumExp(logq, 1), Math.log(m))));
  });

  const encoderStdGeoMean = await scalar(
    tf.tidy(() =>
      tf.exp(tf.mean(tf.log(vae.encoder.encode(tf.slice(images.heldOut, [0, 0], [m, -1]) as tf.Tensor2D).std))),
    ),
  );
  const kernel = opts.kernel ?? 'imq';
  const scale = defaultKernelScale(l);
  // MMD² of every held-out code against as many prior samples (InfoVAE evaluates on the full data).
  const mmd = await scalar(
    tf.tidy(() => {
      const epsPrior = tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 3_000_019)) as tf.Tensor2D;
      const uPrior = tf.randomUniform([n], 0, 1, 'float32', stepSeed(opts.seed, 3_000_021)) as tf.Tensor1D;
      return mmdSquaredTensor(
        tf.concat(codeParts, 0) as tf.Tensor2D,
        vae.marginal.sample(epsPrior, uPrior),
        kernel,
        scale,
      );
    }),
  );
  codeParts.forEach((t) => t.dispose());
  const trainN = Math.min(1000, images.trainCount);
  let trainRateSum = 0;
  for (let start = 0, c = 0; start < trainN; start += chunk, c++) {
    const size = Math.min(chunk, trainN - start);
    trainRateSum += await scalar(
      tf.tidy(() => {
        const x = images.batch(Int32Array.from({ length: size }, (_, i) => start + i));
        return tf.sum(
          vae.rate(x, tf.randomNormal([size, l], 0, 1, 'float32', stepSeed(opts.seed, 8_000_000 + c)) as tf.Tensor2D),
        );
      }),
    );
  }
  const extra: Pick<HeldOutMetrics, 'genMiLowerNats' | 'knnAccuracy100' | 'knnAccuracy1000' | 'knnSampleAccuracy1000'> =
    {};
  if (!vae.encoder.hasFlow && !vae.decoder.autoregressive)
    extra.genMiLowerNats = await generativeMiLower(vae, m, opts.seed);
  if (!opts.skipProbe) Object.assign(extra, await probeAccuracy(vae, images));

  return {
    heldOutRateNats: rateSum / n,
    heldOutDistortionNats: distSum / n,
    heldOutNegElboNats: (rateSum + distSum) / n,
    iwaeNats: await scalar(iwae),
    iwaeNegElboNats: await scalar(mcElbo),
    iwaeSamples: k,
    activeUnits,
    miEstimateNats: await scalar(mi),
    miCeilingNats: Math.log(m),
    encoderStdGeoMean,
    trainRateNats: trainRateSum / trainN,
    mmd,
    mmdKernel: kernel,
    mmdScale: scale,
    ...extra,
  };
}

/** E = mean over n draws z ~ m(z), x ~ d(x|z) of log e(z|x) − log m(z), nats (Gaussian encoder, MLP decoder). */
async function generativeMiLower(vae: Vae, n: number, seed: number): Promise<number> {
  const l = vae.arch.latentDim;
  return scalar(
    tf.tidy(() => {
      const z = vae.marginal.sample(
        tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(seed, 4_000_037)) as tf.Tensor2D,
        tf.randomUniform([n], 0, 1, 'float32', stepSeed(seed, 4_000_039)) as tf.Tensor1D,
      );
      const probs = tf.sigmoid(vae.decoder.logits(z, tf.zeros([n, vae.decoder.pixels]) as tf.Tensor2D));
      const x = tf.cast(
        tf.less(tf.randomUniform(probs.shape, 0, 1, 'float32', stepSeed(seed, 4_000_041)), probs),
        'float32',
      ) as tf.Tensor2D;
      const enc = vae.encoder.encode(x);
      return tf.mean(tf.sub(gaussianLogDensity(z, enc.mean, enc.std), vae.marginal.logDensity(z)));
    }),
  );
}

/**
 * Encoder means [count, L] of images [from, from + count) of the set (train first, then held-out), or
 * with `noiseSeed` sampled codes z ~ e(z|x) (through the flow).
 */
async function latentMeans(
  vae: Vae,
  images: ImageTensors,
  from: number,
  count: number,
  noiseSeed?: number,
): Promise<Float32Array> {
  const idx = Int32Array.from({ length: count }, (_, i) => from + i);
  const t = tf.tidy(() => {
    const enc = vae.encoder.encode(images.batch(idx));
    if (noiseSeed === undefined) return enc.mean;
    return vae.encoder.sample(enc, tf.randomNormal(enc.mean.shape, 0, 1, 'float32', noiseSeed) as tf.Tensor2D).z;
  });
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

/**
 * 1-NN accuracy on the held-out means from the first 100 and 1,000 labelled training means (none for unlabelled data).
 */
async function probeAccuracy(
  vae: Vae,
  images: ImageTensors,
): Promise<Pick<HeldOutMetrics, 'knnAccuracy100' | 'knnAccuracy1000' | 'knnSampleAccuracy1000'>> {
  const labels = images.set.labels;
  const nTrain = Math.min(PROBE_LABELS[1], images.trainCount);
  const heldOutLabels = images.heldOutLabels;
  if (!heldOutLabels.some((v) => v !== 255) || !labels.subarray(0, nTrain).some((v) => v !== 255)) return {};
  const dim = vae.arch.latentDim;
  const train = await latentMeans(vae, images, 0, nTrain);
  const heldOut = await latentMeans(vae, images, images.trainCount, images.heldOutCount);
  const acc = (k: number): number =>
    nearestNeighbourAccuracy({
      train: train.subarray(0, k * dim),
      trainLabels: labels.subarray(0, k),
      test: heldOut,
      testLabels: heldOutLabels,
      dim,
    });
  const trainZ = await latentMeans(vae, images, 0, nTrain, 9_000_001);
  const heldOutZ = await latentMeans(vae, images, images.trainCount, images.heldOutCount, 9_000_003);
  return {
    knnAccuracy100: acc(Math.min(PROBE_LABELS[0], nTrain)),
    knnAccuracy1000: acc(nTrain),
    knnSampleAccuracy1000: nearestNeighbourAccuracy({
      train: trainZ,
      trainLabels: labels.subarray(0, nTrain),
      test: heldOutZ,
      testLabels: heldOutLabels,
      dim,
    }),
  };
}
