/**
 * Decoders d(x|z) over binary pixels (Bernoulli logits).
 * −: MLP z → hidden (ReLU, `depth` layers) → 784 logits, pixels independent given z.
 * +: a small PixelCNN: z → dense → one 28×28 conditioning map (as in the paper); a 5×5 type-A
 *    masked convolution of the image, then residual 3×3 type-B masked convolutions dilated
 *    1, 2, 4, 8 (a receptive field of 17 rows above the pixel, most of a digit), plus a row
 *    context: a masked dense map of every row above, full width (the role of PixelCNN's vertical
 *    stack, which sees everything above), so the decoder can model a digit's global shape itself; then a 1×1
 * convolution to the logits; the conditioning map enters the first
 *    layer only (a learned weight per channel), like the paper's extra input channel, so z
 *    reaches the logits only through the network. The convolutions use causalConv2d (the kernels'
 *    unmasked rows only), whose
 *    gradients work on every backend (wasm has no Conv2D gradients of its own).
 */
import * as tf from '@tensorflow/tfjs-core';
import { VAE_SIZES, type VaeArchitecture } from '../../lib/vaeSpec';
import { bernoulliNegLogLik, dense, gaussianLogDensity } from './layers';
import { causalConv2d, kernelMask } from './maskedConv';
import { matMul } from './matMul';
import { he, small, type ParamStore } from './params';

/** Mask [pixels, side·K]: pixel p may feed row r's context features only if p lies in a row above r. */
export function rowContextMask(side: number, k: number): Float32Array {
  const m = new Float32Array(side * side * side * k);
  for (let p = 0; p < side * side; p++) {
    const row = Math.floor(p / side);
    for (let r = row + 1; r < side; r++) m.fill(1, p * side * k + r * k, p * side * k + (r + 1) * k);
  }
  return m;
}

/** Rows above a pixel that can influence its logit through the convolutions (the sampler computes only this window). */
export const PIXELCNN_REACH_ROWS = 2 + VAE_SIZES.pixelDilations.reduce((a, d) => a + d, 0);

/** The observation model: binary pixels (Bernoulli logits) or real values (a Gaussian per dimension). */
export type Likelihood = 'bernoulli' | 'gaussian';

/** Floor of the Gaussian decoder's std, so D stays finite (and the 1-D quadrature resolves p(x)). */
export const MIN_DECODER_STD = Math.exp(-5);

export class Decoder {
  readonly side: number;
  private readonly masks: tf.Tensor4D[] = [];
  private rowMask: tf.Tensor2D | null = null;

  constructor(
    private readonly store: ParamStore,
    private readonly arch: VaeArchitecture,
    readonly pixels: number,
    readonly likelihood: Likelihood = 'bernoulli',
  ) {
    this.side = Math.round(Math.sqrt(pixels));
    const l = arch.latentDim;
    if (likelihood === 'gaussian' && arch.decoder !== '-') throw new Error('a Gaussian decoder must be an MLP');
    if (likelihood === 'gaussian') {
      store.add('dec.w1', [l, arch.hidden], he(l));
      store.add('dec.b1', [arch.hidden], { kind: 'zeros' });
      for (let k = 2; k <= arch.depth; k++) {
        store.add(`dec.w${k}h`, [arch.hidden, arch.hidden], he(arch.hidden));
        store.add(`dec.b${k}h`, [arch.hidden], { kind: 'zeros' });
      }
      // Outputs: means, then pre-softplus stds (softplus(0.54) ≈ 1).
      store.add('dec.w2', [arch.hidden, 2 * pixels], small(arch.hidden));
      store.add('dec.b2', [2 * pixels], { kind: 'zeros' });
      return;
    }
    if (arch.decoder === '-') {
      store.add('dec.w1', [l, arch.hidden], he(l));
      store.add('dec.b1', [arch.hidden], { kind: 'zeros' });
      for (let k = 2; k <= arch.depth; k++) {
        store.add(`dec.w${k}h`, [arch.hidden, arch.hidden], he(arch.hidden));
        store.add(`dec.b${k}h`, [arch.hidden], { kind: 'zeros' });
      }
      store.add('dec.w2', [arch.hidden, pixels], he(arch.hidden));
      store.add('dec.b2', [pixels], { kind: 'constant', value: -1 });
      return;
    }
    const c = VAE_SIZES.pixelChannels;
    store.add('pix.wz', [l, pixels], small(l));
    store.add('pix.bz', [pixels], { kind: 'zeros' });
    store.add('pix.wa', [5, 5, 1, c], he(12));
    store.add('pix.ba', [c], { kind: 'zeros' });
    store.add('pix.va', [1, c], { kind: 'normal', std: 1 });
    this.masks.push(
      tf.tensor4d(kernelMask(2, 'A', 1, c), [5, 5, 1, c]),
      tf.tensor4d(kernelMask(1, 'B', c, c), [3, 3, c, c]),
    );
    const k = VAE_SIZES.pixelRowFeatures;
    store.add('pix.wr', [pixels, this.side * k], small(pixels));
    store.add('pix.br', [this.side * k], { kind: 'zeros' });
    store.add('pix.wc', [k, c], he(k));
    this.rowMask = tf.tensor2d(rowContextMask(this.side, k), [pixels, this.side * k]);
    for (let k = 0; k < VAE_SIZES.pixelDilations.length; k++) {
      store.add(`pix.w${k}`, [3, 3, c, c], small(5 * c));
      store.add(`pix.b${k}`, [c], { kind: 'zeros' });
    }
    store.add('pix.wo', [c, 1], he(c));
    store.add('pix.bo', [1], { kind: 'constant', value: -1 });
  }

  dispose(): void {
    this.masks.forEach((m) => m.dispose());
    this.rowMask?.dispose();
  }

  /** Row context of images x [B, pixels]: features [B, side, 1, K] of row r from rows 0..r−1 only. */
  rowContext(x: tf.Tensor2D): tf.Tensor4D {
    const w = tf.mul(this.store.get('pix.wr'), this.rowMask as tf.Tensor2D);
    const h = tf.relu(dense(x, w, this.store.get('pix.br')));
    return tf.reshape(h, [x.shape[0], this.side, 1, VAE_SIZES.pixelRowFeatures]) as tf.Tensor4D;
  }

  get autoregressive(): boolean {
    return this.arch.decoder === '+';
  }

  /** The PixelCNN's conditioning map: z [B, L] → [B, side, side, 1]. */
  conditioning(z: tf.Tensor2D): tf.Tensor4D {
    const m = dense(z, this.store.get('pix.wz'), this.store.get('pix.bz'));
    return tf.reshape(m, [z.shape[0], this.side, this.side, 1]) as tf.Tensor4D;
  }

  /** −log d(x|z) per example: z [B, L], x [B, pixels] → [B], nats. */
  negLogLik(z: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
    if (this.likelihood === 'bernoulli') return bernoulliNegLogLik(this.logits(z, x), x);
    const { mean, std } = this.gaussian(z);
    return tf.neg(gaussianLogDensity(x, mean, std));
  }

  /** The Gaussian decoder's mean and std [B, pixels] given z [B, L]. */
  gaussian(z: tf.Tensor2D): { mean: tf.Tensor2D; std: tf.Tensor2D } {
    const s = this.store;
    let h = tf.relu(dense(z, s.get('dec.w1'), s.get('dec.b1')));
    for (let k = 2; k <= this.arch.depth; k++) h = tf.relu(dense(h, s.get(`dec.w${k}h`), s.get(`dec.b${k}h`)));
    const out = dense(h, s.get('dec.w2'), s.get('dec.b2'));
    const [mean, raw] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, std: tf.add(tf.softplus(tf.add(raw, 0.5413)), MIN_DECODER_STD) as tf.Tensor2D };
  }

  /**
   * Bernoulli logits [B, pixels] of every pixel given z [B, L] and, for the PixelCNN, the
   * image x [B, pixels] itself (teacher forcing: pixel i sees only pixels before it).
   */
  logits(z: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const s = this.store;
    if (this.arch.decoder === '-') {
      let h = tf.relu(dense(z, s.get('dec.w1'), s.get('dec.b1')));
      for (let k = 2; k <= this.arch.depth; k++) h = tf.relu(dense(h, s.get(`dec.w${k}h`), s.get(`dec.b${k}h`)));
      return dense(h, s.get('dec.w2'), s.get('dec.b2'));
    }
    const b = z.shape[0];
    const img = tf.reshape(x, [b, this.side, this.side, 1]) as tf.Tensor4D;
    return tf.reshape(this.pixelLogits(img, this.conditioning(z), this.rowContext(x)), [b, this.pixels]) as tf.Tensor2D;
  }

  /** PixelCNN on a window of rows: img, cond [B, H, side, 1] and row context [B, H, 1, K] → logits [B, H, side]. */
  pixelLogits(img: tf.Tensor4D, cond: tf.Tensor4D, rows: tf.Tensor4D): tf.Tensor3D {
    const s = this.store;
    const [b, h, w] = img.shape;
    const c = VAE_SIZES.pixelChannels;
    const [maskA, maskB] = this.masks as [tf.Tensor4D, tf.Tensor4D];
    const conv = (x: tf.Tensor4D, name: string, mask: tf.Tensor4D, dilation = 1, dataInput = false): tf.Tensor4D =>
      causalConv2d(x, tf.mul(s.get(name), mask) as tf.Tensor4D, dilation, dataInput);
    // cond [B, H, W, 1] broadcasts against a per-channel weight [1, C].
    const rowFeat = tf.reshape(
      matMul(tf.reshape(rows, [b * h, VAE_SIZES.pixelRowFeatures]), s.get('pix.wc') as tf.Tensor2D),
      [b, h, 1, c],
    );
    let feat = tf.relu(
      tf.add(
        tf.add(tf.add(conv(img, 'pix.wa', maskA, 1, true), s.get('pix.ba')), tf.mul(cond, s.get('pix.va'))),
        rowFeat,
      ),
    ) as tf.Tensor4D;
    for (const [k, dilation] of VAE_SIZES.pixelDilations.entries()) {
      const update = tf.relu(tf.add(conv(feat, `pix.w${k}`, maskB, dilation), s.get(`pix.b${k}`)));
      feat = tf.add(feat, update) as tf.Tensor4D;
    }
    const out = dense(tf.reshape(feat, [b * h * w, c]) as tf.Tensor2D, s.get('pix.wo'), s.get('pix.bo'));
    return tf.reshape(out, [b, h, w]) as tf.Tensor3D;
  }
}
