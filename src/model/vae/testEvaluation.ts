/**
 * A full test evaluation of one image VAE (nats): over every image of the test set (all 10,000 of
 * static binarized MNIST; the whole validation set of a set without one), the one-sample R, D and
 * −ELBO, and the IWAE-k bound on −log p(x) with its k-sample Monte Carlo −ELBO (k up to 1,000).
 * It runs in chunks of images sized so that one pass decodes at most `rowsPerPass` codes, reporting
 * progress and stopping when cancelled between chunks (null then). Deterministic for a seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TestEvaluation } from '../../lib/metrics';
import type { ImageTensors } from './imageTensors';
import type { Vae } from './vae';
import { stepSeed } from './stepSeed';

export type { TestEvaluation };

export interface TestEvaluationOptions {
  /** Importance samples k per image (1–1,000). */
  k: number;
  seed: number;
  /** Codes decoded per pass (k × images in the chunk); default 1,000, 250 for a PixelCNN decoder. */
  rowsPerPass?: number;
  /** Only the first this many images (tests, quick looks); default all. */
  limit?: number;
}

export interface EvaluationControl {
  cancelled?: () => boolean;
  /** Awaited between chunks (the worker yields to its messages there). */
  pause?: () => Promise<void>;
  /** Fraction 0–1 of the images done. */
  onProgress?: (fraction: number) => void;
  now?: () => number;
}

async function sumOf(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0] as number;
  t.dispose();
  return v;
}

export async function evaluateTest(
  vae: Vae,
  images: ImageTensors,
  opts: TestEvaluationOptions,
  control: EvaluationControl = {},
): Promise<TestEvaluation | null> {
  const now = control.now ?? (() => performance.now());
  const started = now();
  const { start, kind } = images.testRange;
  const n = Math.min(images.testRange.count, opts.limit ?? Number.POSITIVE_INFINITY);
  const k = Math.max(1, Math.min(1000, Math.round(opts.k)));
  const l = vae.arch.latentDim;
  const rows = opts.rowsPerPass ?? (vae.decoder.autoregressive ? 250 : 1000);
  const chunk = Math.max(1, Math.min(250, Math.floor(rows / k)));
  // k samples of one image are decoded in passes of at most `rows` codes when k alone exceeds it.
  const kPass = Math.max(1, Math.min(k, rows));
  let rate = 0;
  let distortion = 0;
  let iwae = 0;
  let mcElbo = 0;
  for (let at = 0, c = 0; at < n; at += chunk, c++) {
    if (control.cancelled?.()) return null;
    const size = Math.min(chunk, n - at);
    const idx = Int32Array.from({ length: size }, (_, i) => start + at + i);
    const x = images.batch(idx);
    const [r, d] = tf.tidy(() => {
      const t = vae.terms(
        x,
        tf.randomNormal([size, l], 0, 1, 'float32', stepSeed(opts.seed, 5_000_000 + c)) as tf.Tensor2D,
      );
      return [tf.sum(t.rate), tf.sum(t.distortion)];
    });
    rate += await sumOf(r);
    distortion += await sumOf(d);
    const parts: tf.Tensor2D[] = [];
    for (let s = 0, p = 0; s < k; s += kPass, p++) {
      const kk = Math.min(kPass, k - s);
      parts.push(
        tf.tidy(() =>
          vae.logWeights(
            x,
            tf.randomNormal(
              [kk, size, l],
              0,
              1,
              'float32',
              stepSeed(opts.seed, 6_000_000 + 1000 * c + p),
            ) as tf.Tensor3D,
          ),
        ),
      );
    }
    const [iw, mc] = tf.tidy(() => {
      const logW = parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 0); // [k, size]
      return [tf.neg(tf.sum(tf.sub(tf.logSumExp(logW, 0), Math.log(k)))), tf.neg(tf.sum(tf.mean(logW, 0)))];
    });
    parts.forEach((t) => t.dispose());
    x.dispose();
    iwae += await sumOf(iw);
    mcElbo += await sumOf(mc);
    control.onProgress?.(Math.min(1, (at + size) / n));
    await control.pause?.();
  }
  return {
    set: kind,
    images: n,
    k,
    rateNats: rate / n,
    distortionNats: distortion / n,
    negElboNats: (rate + distortion) / n,
    iwaeNats: iwae / n,
    iwaeNegElboNats: mcElbo / n,
    seconds: (now() - started) / 1000,
  };
}
