/**
 * The 2-D latent picture: encoder means of the held-out images (coloured by label in the UI) over
 * the marginal's log density log m(z) on a regular grid spanning them. Only for latentDim = 2.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Vae } from './vae';

export interface LatentMap {
  /** Encoder means [N · 2] of the held-out images (before any IAF flow). */
  means: Float32Array;
  /** log m(z) on an n × n grid, row-major from (x0, y0); rows are y. */
  logDensity: Float32Array;
  n: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export const LATENT_GRID = 48;

export async function latentMap(vae: Vae, heldOut: tf.Tensor2D, n = LATENT_GRID): Promise<LatentMap> {
  if (vae.arch.latentDim !== 2) throw new Error('the latent map needs a 2-D latent');
  const meansT = tf.tidy(() => vae.encoder.encode(heldOut).mean);
  const means = (await meansT.data()) as Float32Array;
  meansT.dispose();
  let lo = -3;
  let hi = 3;
  for (const v of means) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const pad = 0.05 * (hi - lo);
  const [x0, x1, y0, y1] = [lo - pad, hi + pad, lo - pad, hi + pad];
  const pts = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      pts[2 * (r * n + c)] = x0 + ((x1 - x0) * (c + 0.5)) / n;
      pts[2 * (r * n + c) + 1] = y0 + ((y1 - y0) * (r + 0.5)) / n;
    }
  }
  const densT = tf.tidy(() => vae.marginal.logDensity(tf.tensor2d(pts, [n * n, 2])));
  const logDensity = (await densT.data()) as Float32Array;
  densT.dispose();
  return { means, logDensity, n, x0, x1, y0, y1 };
}
