/**
 * Sampling without a prior fit (InfoVAE Proposition 1): the Markov chain x ← d(x|z), z ← e(z|x).
 * Started from ancestral codes z_0 ~ m(z), each step samples binary pixels x_t ~ d(x|z_{t−1})
 * and a code z_t ~ e(z|x_t) (through the encoder's flow). Frame t shows the decoder's mean
 * d(x|z_t); frame 0 is the ancestral sample. For an autoencoder whose q(z) does not match p(z)
 * (L_AE), the chain walks into q(z) and its frames look like data while frame 0 may not.
 * With a PixelCNN (InfoVAE's own setting) every step decodes pixel by pixel, so the chain is
 * shorter (PIXEL_CHAIN) and its frames are the binary samples themselves (no cheap mean).
 * `meanField` feeds the encoder the decoder's means instead of binary samples (a deterministic
 * variant: no sampling noise for the encoder to amplify; independent-pixel decoders only).
 */
import * as tf from '@tensorflow/tfjs-core';
import { decodeSamples, type ImageGrid } from './images';
import type { Vae } from './vae';
import { stepSeed } from './vaeRun';

/** Steps of the chain shown by default. */
export const CHAIN_STEPS = 20;
/** Chains run side by side. */
export const CHAIN_COUNT = 8;
/** Chains and steps with a PixelCNN decoder (each step samples 784 pixels in turn). */
export const PIXEL_CHAIN = { chains: 4, steps: 5 } as const;

/**
 * The chain's frames as one grid: rows = chains, columns = steps 0…T (column 0 ancestral), pixel
 * intensities = the decoder's Bernoulli means. Throws for an autoregressive decoder.
 */
export async function markovChainFrames(vae: Vae, opts: { chains?: number; steps?: number; seed: number; pause?: () => Promise<void>; meanField?: boolean }): Promise<ImageGrid> {
  if (vae.decoder.autoregressive) return pixelChainFrames(vae, { chains: opts.chains ?? PIXEL_CHAIN.chains, steps: opts.steps ?? PIXEL_CHAIN.steps, seed: opts.seed, ...(opts.pause ? { pause: opts.pause } : {}) });
  const n = opts.chains ?? CHAIN_COUNT;
  const steps = opts.steps ?? CHAIN_STEPS;
  const l = vae.arch.latentDim;
  const p = vae.pixels;
  const frames: Float32Array[] = [];
  let z = tf.tidy(() => vae.marginal.sample(tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 5_000_011)) as tf.Tensor2D, tf.randomUniform([n], 0, 1, 'float32', stepSeed(opts.seed, 5_000_013)) as tf.Tensor1D));
  try {
    for (let t = 0; t <= steps; t++) {
      const probs = tf.tidy(() => tf.sigmoid(vae.decoder.logits(z, tf.zeros([n, p]) as tf.Tensor2D)));
      frames.push((await probs.data()) as Float32Array);
      if (t < steps) {
        const next = tf.tidy(() => {
          // Proposition 1 samples binary pixels; meanField passes the decoder's means instead.
          const x = opts.meanField ? probs : (tf.cast(tf.less(tf.randomUniform([n, p], 0, 1, 'float32', stepSeed(opts.seed, 6_000_000 + t)), probs), 'float32') as tf.Tensor2D);
          const enc = vae.encoder.encode(x);
          return vae.encoder.sample(enc, tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 7_000_000 + t)) as tf.Tensor2D).z;
        });
        z.dispose();
        z = next;
      }
      probs.dispose();
      await opts.pause?.();
    }
  } finally {
    z.dispose();
  }
  const data = new Float32Array(n * (steps + 1) * p);
  for (let r = 0; r < n; r++) for (let t = 0; t <= steps; t++) data.set((frames[t] as Float32Array).subarray(r * p, (r + 1) * p), (r * (steps + 1) + t) * p);
  return { rows: n, columns: steps + 1, pixels: p, data };
}

/** The chain with an autoregressive decoder: frame t is the binary sample x_t ~ d(x|z_t). */
async function pixelChainFrames(vae: Vae, opts: { chains: number; steps: number; seed: number; pause?: () => Promise<void> }): Promise<ImageGrid> {
  const { chains: n, steps } = opts;
  const l = vae.arch.latentDim;
  const p = vae.pixels;
  const frames: Float32Array[] = [];
  let z = tf.tidy(() => vae.marginal.sample(tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 5_000_011)) as tf.Tensor2D, tf.randomUniform([n], 0, 1, 'float32', stepSeed(opts.seed, 5_000_013)) as tf.Tensor1D));
  try {
    for (let t = 0; t <= steps; t++) {
      const x = await decodeSamples(vae, z, stepSeed(opts.seed, 6_000_000 + t), opts.pause ? { pause: opts.pause } : {});
      if (!x) throw new Error('the chain was cancelled');
      frames.push(x);
      if (t < steps) {
        const next = tf.tidy(() => {
          const enc = vae.encoder.encode(tf.tensor2d(x, [n, p]));
          return vae.encoder.sample(enc, tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 7_000_000 + t)) as tf.Tensor2D).z;
        });
        z.dispose();
        z = next;
      }
    }
  } finally {
    z.dispose();
  }
  const data = new Float32Array(n * (steps + 1) * p);
  for (let r = 0; r < n; r++) for (let t = 0; t <= steps; t++) data.set((frames[t] as Float32Array).subarray(r * p, (r + 1) * p), (r * (steps + 1) + t) * p);
  return { rows: n, columns: steps + 1, pixels: p, data };
}
