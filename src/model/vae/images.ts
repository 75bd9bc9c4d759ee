/**
 * Image grids of an image VAE, in the paper's protocol (Figure 4): for each input x, one
 * z ~ e(z|x), then one sampled decode x ~ d(x|z) and the mean of `decodes` sampled decodes of
 * that same z; for samples, z ~ m(z) and the same two columns. Grids are Float32Arrays of pixel
 * intensities in [0, 1], [rows, columns, pixels], columns = (input,) sample, mean.
 * Independent-pixel decoders decode in one pass; the PixelCNN samples pixel by pixel (slow), so
 * decoding is async with a progress callback and a cancel check between rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../math/rng';
import { PIXELCNN_REACH_ROWS } from './decoder';
import type { Vae } from './vae';
import { stepSeed } from './stepSeed';

export interface DecodeControl {
  /** Called with the fraction done, 0–1. */
  onProgress?: (fraction: number) => void;
  /** Checked between rows; true stops the decode (it then resolves to null). */
  cancelled?: () => boolean;
  /** Awaited between rows, so other work (messages, training) can run. */
  pause?: () => Promise<void>;
}

export interface ImageGrid {
  rows: number;
  columns: number;
  pixels: number;
  /** [rows · columns · pixels], intensities in [0, 1]. */
  data: Float32Array;
}

/** Binary samples [S, pixels] from d(x|z) for codes z [S, L] (S = rows × copies); null when cancelled. */
export async function decodeSamples(
  vae: Vae,
  z: tf.Tensor2D,
  seed: number,
  control: DecodeControl,
): Promise<Float32Array | null> {
  const s = z.shape[0];
  const p = vae.pixels;
  const rand = mulberry32(seed);
  if (!vae.decoder.autoregressive) {
    const probs = tf.tidy(() => tf.sigmoid(vae.decoder.logits(z, tf.zeros([s, p]) as tf.Tensor2D)));
    const v = (await probs.data()) as Float32Array;
    probs.dispose();
    control.onProgress?.(1);
    return v.map((q) => (rand() < q ? 1 : 0));
  }
  const side = vae.decoder.side;
  const canvas = new Float32Array(s * p);
  const cond = tf.tidy(() => vae.decoder.conditioning(z));
  try {
    for (let r = 0; r < side; r++) {
      if (control.cancelled?.()) return null;
      const top = Math.max(0, r - PIXELCNN_REACH_ROWS);
      const h = r - top + 1;
      const condWin = tf.slice(cond, [0, top, 0, 0], [s, h, side, 1]);
      // Row context of rows top..r from the finished rows above (it does not change within row r).
      const rowsWin = tf.tidy(() =>
        tf.slice(vae.decoder.rowContext(tf.tensor2d(canvas, [s, p])), [0, top, 0, 0], [s, h, 1, -1]),
      );
      for (let c = 0; c < side; c++) {
        const window = new Float32Array(s * h * side);
        for (let i = 0; i < s; i++)
          window.set(canvas.subarray(i * p + top * side, i * p + (r + 1) * side), i * h * side);
        const q = tf.tidy(() => {
          const img = tf.tensor4d(window, [s, h, side, 1]);
          const logits = vae.decoder.pixelLogits(img, condWin as tf.Tensor4D, rowsWin as tf.Tensor4D);
          return tf.sigmoid(tf.reshape(tf.slice(logits, [0, h - 1, c], [s, 1, 1]), [s]));
        });
        const qs = await q.data();
        q.dispose();
        for (let i = 0; i < s; i++) canvas[i * p + r * side + c] = rand() < (qs[i] as number) ? 1 : 0;
      }
      condWin.dispose();
      rowsWin.dispose();
      control.onProgress?.((r + 1) / side);
      await control.pause?.();
    }
  } finally {
    cond.dispose();
  }
  return canvas;
}

/** Lay out codes z [rows, L] decoded `decodes + 1` times each into a grid (optionally with the inputs first). */
async function gridFromCodes(
  vae: Vae,
  z: tf.Tensor2D,
  inputs: Float32Array | null,
  decodes: number,
  seed: number,
  control: DecodeControl,
): Promise<ImageGrid | null> {
  const rows = z.shape[0];
  const p = vae.pixels;
  const copies = 1 + decodes;
  const zs = tf.tidy(
    () => tf.reshape(tf.tile(tf.expandDims(z, 1), [1, copies, 1]), [rows * copies, z.shape[1]]) as tf.Tensor2D,
  );
  let samples: Float32Array | null;
  try {
    samples = await decodeSamples(vae, zs, seed, control);
  } finally {
    zs.dispose();
  }
  if (!samples) return null;
  const columns = inputs ? 3 : 2;
  const data = new Float32Array(rows * columns * p);
  for (let r = 0; r < rows; r++) {
    let col = 0;
    if (inputs) data.set(inputs.subarray(r * p, (r + 1) * p), (r * columns + col++) * p);
    const base = r * copies * p;
    data.set(samples.subarray(base, base + p), (r * columns + col++) * p);
    const mean = data.subarray((r * columns + col) * p, (r * columns + col + 1) * p);
    for (let d = 1; d <= decodes; d++)
      for (let i = 0; i < p; i++) mean[i] = (mean[i] as number) + (samples[base + d * p + i] as number) / decodes;
  }
  return { rows, columns, pixels: p, data };
}

/** Reconstructions of the held-out images [first, first + rows): columns input, one decode, mean of `decodes`. */
export async function reconstructionGrid(
  vae: Vae,
  heldOut: tf.Tensor2D,
  rows: number,
  decodes: number,
  seed: number,
  control: DecodeControl = {},
): Promise<ImageGrid | null> {
  const x = tf.slice(heldOut, [0, 0], [rows, -1]) as tf.Tensor2D;
  const inputs = (await x.data()) as Float32Array;
  const z = tf.tidy(() => {
    const enc = vae.encoder.encode(x);
    return vae.encoder.sample(
      enc,
      tf.randomNormal([rows, vae.arch.latentDim], 0, 1, 'float32', stepSeed(seed, 7)) as tf.Tensor2D,
    ).z;
  });
  x.dispose();
  try {
    return await gridFromCodes(vae, z, inputs, decodes, seed, control);
  } finally {
    z.dispose();
  }
}

/** Samples: z ~ m(z), columns one decode, mean of `decodes`. */
export async function sampleGrid(
  vae: Vae,
  rows: number,
  decodes: number,
  seed: number,
  control: DecodeControl = {},
): Promise<ImageGrid | null> {
  const z = tf.tidy(() => {
    const eps = tf.randomNormal([rows, vae.arch.latentDim], 0, 1, 'float32', stepSeed(seed, 11)) as tf.Tensor2D;
    const u = tf.randomUniform([rows], 0, 1, 'float32', stepSeed(seed, 13)) as tf.Tensor1D;
    return vae.marginal.sample(eps, u);
  });
  try {
    return await gridFromCodes(vae, z, null, decodes, seed, control);
  } finally {
    z.dispose();
  }
}
