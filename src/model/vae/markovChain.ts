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
import { stepSeed } from './stepSeed';

/** Steps of the chain shown by default. */
export const CHAIN_STEPS = 20;
/** Chains run side by side. */
export const CHAIN_COUNT = 8;
/** Chains and steps with a PixelCNN decoder (each step samples 784 pixels in turn). */
export const PIXEL_CHAIN = { chains: 4, steps: 5 } as const;

/**
 * One chain step's decode: the frame to show [n·pixels] and the pixels the encoder reads next [n, pixels] (caller
 * disposes).
 */
type DecodeStep = (z: tf.Tensor2D, t: number) => Promise<{ frame: Float32Array; x: tf.Tensor2D }>;

/**
 * The chain's frames as one grid: rows = chains, columns = steps 0…T (column 0 ancestral). Pixel
 * intensities are the decoder's Bernoulli means, or with a PixelCNN the binary samples.
 */
export async function markovChainFrames(
  vae: Vae,
  opts: { chains?: number; steps?: number; seed: number; pause?: () => Promise<void>; meanField?: boolean },
): Promise<ImageGrid> {
  const pixel = vae.decoder.autoregressive;
  const n = opts.chains ?? (pixel ? PIXEL_CHAIN.chains : CHAIN_COUNT);
  const steps = opts.steps ?? (pixel ? PIXEL_CHAIN.steps : CHAIN_STEPS);
  const l = vae.arch.latentDim;
  const p = vae.pixels;
  const decode: DecodeStep = pixel
    ? async (z, t) => {
        const x = await decodeSamples(
          vae,
          z,
          stepSeed(opts.seed, 6_000_000 + t),
          opts.pause ? { pause: opts.pause } : {},
        );
        if (!x) throw new Error('the chain was cancelled');
        return { frame: x, x: tf.tensor2d(x, [n, p]) };
      }
    : async (z, t) => {
        const probs = tf.tidy(() => tf.sigmoid(vae.decoder.logits(z, tf.zeros([n, p]) as tf.Tensor2D))) as tf.Tensor2D;
        const frame = (await probs.data()) as Float32Array;
        // Proposition 1 samples binary pixels; meanField passes the decoder's means instead.
        if (opts.meanField) return { frame, x: probs };
        const x = tf.tidy(() =>
          tf.cast(
            tf.less(tf.randomUniform([n, p], 0, 1, 'float32', stepSeed(opts.seed, 6_000_000 + t)), probs),
            'float32',
          ),
        ) as tf.Tensor2D;
        probs.dispose();
        return { frame, x };
      };
  const frames: Float32Array[] = [];
  let z = tf.tidy(() =>
    vae.marginal.sample(
      tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 5_000_011)) as tf.Tensor2D,
      tf.randomUniform([n], 0, 1, 'float32', stepSeed(opts.seed, 5_000_013)) as tf.Tensor1D,
    ),
  );
  try {
    for (let t = 0; t <= steps; t++) {
      const { frame, x } = await decode(z, t);
      frames.push(frame);
      if (t < steps) {
        const next = tf.tidy(
          () =>
            vae.encoder.sample(
              vae.encoder.encode(x),
              tf.randomNormal([n, l], 0, 1, 'float32', stepSeed(opts.seed, 7_000_000 + t)) as tf.Tensor2D,
            ).z,
        );
        z.dispose();
        z = next;
      }
      x.dispose();
      await opts.pause?.();
    }
  } finally {
    z.dispose();
  }
  const data = new Float32Array(n * (steps + 1) * p);
  for (let r = 0; r < n; r++)
    for (let t = 0; t <= steps; t++)
      data.set((frames[t] as Float32Array).subarray(r * p, (r + 1) * p), (r * (steps + 1) + t) * p);
  return { rows: n, columns: steps + 1, pixels: p, data };
}
