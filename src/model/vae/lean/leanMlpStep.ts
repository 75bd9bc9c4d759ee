/**
 * The lean wasm training step of the MLP VAE (encoder −, decoder −, marginal N(0, I) or logistic,
 * Bernoulli pixels; leanCoverage.ts says which models): the same step as vaeTrainStep.ts —
 * loss w_D·D̄ + w_R·R̄ with the weights of
 * math/constraints.ts, Adam, the multipliers' dual steps — with the backward pass derived by hand
 * (tested against autodiff and finite differences) and run as XNNPACK products and plain loops on
 * the wasm heap: no tape, no kernel dispatch per elementwise op, buffers reused across steps.
 * Activations are feature-major [features, batch] (leanDense.ts says why).
 *
 *   x̃ = 2x − 1;  h = MLP_enc(x̃);  mean = h·W_m + b_m;  std = softplus(h·W_s + b_s) + 1e-3
 *   z = mean + std·ε;  logits = MLP_dec(z)
 *   D_b = Σ_i softplus(l_ib) − x_ib·l_ib          ∂D_b/∂l_ib = σ(l_ib) − x_ib
 *   R_b = ½ Σ_j (mean² + std² − 1 − 2 log std)    ∂R_b/∂mean = mean, ∂R_b/∂std = std − 1/std
 *   (logistic marginal: R_b = Σ_j log N(z; mean, std) − log m(z), ∂/∂z = tanh(z/2s)/s, ∂/∂std = −1/std)
 * MMD² (InfoVAE, VIMAE, its constraint) joins through leanMmd.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dualAscent, lossWeights, type Multipliers } from '../../../math/constraints';
import {
  MULTIPLIER_CLIP,
  MULTIPLIER_STEP,
  objectiveCoefficients,
  type ObjectiveSettings,
} from '../../../math/objective';
import { adamStepSize } from '../../adam';
import { defaultKernelScale, measureKernel } from '../../../math/mmd';
import { MIN_ENCODER_STD } from '../encoder';
import { HALF_LOG_2PI, LOGISTIC_SCALE } from '../layers';
import type { Vae } from '../vae';
import type { VaeStepTensors } from '../vaeTrainStep';
import { leanAdam } from './leanAdam';
import { mmdWithGradient } from './leanMmd';
import { LeanDense } from './leanDense';
import { leanUsesMmd } from './leanCoverage';
import { WasmHeap, type HeapBuffer } from './wasmHeap';

/** One step's inputs: the batch (feature-major, filled by the caller) and its noise. */
export interface LeanStepInputs {
  objective: ObjectiveSettings;
  step: number;
  learningRate: number;
  /** ε [B, L], batch-major as tf.randomNormal draws it. */
  eps: Float32Array;
  /** The marginal's samples for MMD² [B, L], batch-major, drawn as the tensor path draws them (steps with MMD²). */
  prior?: Float32Array | undefined;
}

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export class LeanMlpStep {
  readonly heap = new WasmHeap();
  /** xᵀ [pixels, B] of 0/1 (or [0, 1]): the caller writes it (xView) before each step. */
  private readonly x: HeapBuffer;
  private readonly xScaled: HeapBuffer;
  private readonly enc: LeanDense[];
  private readonly mean: LeanDense;
  private readonly sraw: LeanDense;
  private readonly std: Float32Array;
  private readonly epsT: Float32Array;
  private readonly z: HeapBuffer;
  private readonly dec: LeanDense[];
  private readonly gLogits: HeapBuffer;
  private readonly gMean: HeapBuffer;
  private readonly gSraw: HeapBuffer;
  private readonly order: { param: tf.Variable; grad: HeapBuffer }[];
  /** The unit-variance logistic marginal (l): R is log e(z|x) − log m(z) at the sampled z. */
  private readonly logistic: boolean;

  constructor(
    private readonly vae: Vae,
    readonly batch: number,
  ) {
    const { arch, pixels } = vae;
    const p = vae.params;
    const B = batch;
    const H = arch.hidden;
    const L = arch.latentDim;
    const heap = this.heap;
    try {
      this.logistic = arch.marginal === 'l';
      const dense = (w: string, b: string, i: number, o: number, relu: boolean): LeanDense =>
        new LeanDense(heap, p.get(w), p.get(b), i, o, B, relu);
      this.x = heap.alloc(pixels * B);
      this.xScaled = heap.alloc(pixels * B);
      this.enc = [dense('enc.w1', 'enc.b1', pixels, H, true)];
      for (let k = 2; k <= arch.depth; k++) this.enc.push(dense(`enc.w${k}h`, `enc.b${k}h`, H, H, true));
      this.mean = dense('enc.wm', 'enc.bm', H, L, false);
      this.sraw = dense('enc.ws', 'enc.bs', H, L, false);
      this.std = new Float32Array(L * B);
      this.epsT = new Float32Array(L * B);
      this.z = heap.alloc(L * B);
      this.dec = [dense('dec.w1', 'dec.b1', L, H, true)];
      for (let k = 2; k <= arch.depth; k++) this.dec.push(dense(`dec.w${k}h`, `dec.b${k}h`, H, H, true));
      this.dec.push(dense('dec.w2', 'dec.b2', H, pixels, false));
      this.gLogits = heap.alloc(pixels * B);
      this.gMean = heap.alloc(L * B);
      this.gSraw = heap.alloc(L * B);
      const layers = [...this.enc, this.mean, this.sraw, ...this.dec];
      const byParam = new Map<tf.Variable, HeapBuffer>();
      for (const l of layers) {
        byParam.set(l.w, l.gradW);
        byParam.set(l.b, l.gradB);
      }
      this.order = p.list().map((param) => {
        const grad = byParam.get(param);
        if (!grad) throw new Error('the lean step does not cover every parameter of this model');
        return { param, grad };
      });
    } catch (e) {
      // Buffers allocated before the failure are freed with the heap.
      heap.dispose();
      throw e;
    }
  }

  /** The batch's buffer xᵀ [pixels, B] to fill (a fresh view: fill it before the next heap call). */
  xView(): Float32Array {
    return this.heap.f32(this.x);
  }

  /** One training step on the batch in xView(): updates the model's variables in `s`. Inside tf.tidy. */
  run(s: VaeStepTensors, inp: LeanStepInputs): void {
    const g = this.gradients(s, inp);
    leanAdam(this.heap, this.order, s.slots, adamStepSize(inp.learningRate, inp.step + 1));
    this.duals(s, inp.objective, inp.step, g, g.legacy, g.multipliers);
  }

  /** Every parameter's gradient of the last gradients() call, in the model's parameter order (tests). */
  readGradients(): Float32Array[] {
    return this.order.map(({ grad }) => this.heap.f32(grad).slice());
  }

  /**
   * Forward and backward on the batch in xView(): the batch's R̄ and D̄ (nats), the multipliers the weights used,
   * and each parameter's ∂L/∂θ in its gradient buffer.
   */
  gradients(
    s: VaeStepTensors,
    inp: LeanStepInputs,
  ): { rate: number; distortion: number; mmd: number; legacy: number; multipliers: Multipliers } {
    const h = this.heap;
    const B = this.batch;
    const L = this.vae.arch.latentDim;
    // Encoder input 2x − 1.
    h.k.affine(this.xScaled.offset, this.x.offset, this.x.size, 2, -1);
    h.renew(this.xScaled);
    let input = this.xScaled;
    for (const l of this.enc) {
      l.forward(input);
      input = l.out;
    }
    this.mean.forward(input);
    this.sraw.forward(input);
    // z = mean + std·ε and the per-batch rate.
    const mean = h.f32(this.mean.out);
    const sraw = h.f32(this.sraw.out);
    const std = this.std;
    const epsT = this.epsT;
    const z = h.f32(this.z);
    for (let b = 0; b < B; b++) for (let j = 0; j < L; j++) epsT[j * B + b] = inp.eps[b * L + j] as number;
    let rateSum = 0;
    for (let i = 0; i < L * B; i++) {
      const m = mean[i] as number;
      const sd = softplus(sraw[i] as number) + MIN_ENCODER_STD;
      std[i] = sd;
      z[i] = m + sd * (epsT[i] as number);
      if (this.logistic) {
        // log e(z|x) − log m(z): z is reparameterised, so its standardised value is ε itself.
        const e = epsT[i] as number;
        const a = Math.abs(z[i] as number) / LOGISTIC_SCALE;
        const logM = -a - 2 * softplus(-a) - Math.log(LOGISTIC_SCALE);
        rateSum += -0.5 * e * e - Math.log(sd) - HALF_LOG_2PI - logM;
      } else rateSum += 0.5 * (m * m + sd * sd - 1 - 2 * Math.log(sd));
    }
    h.renew(this.z);
    input = this.z;
    for (const l of this.dec) {
      l.forward(input);
      input = l.out;
    }
    const rate = rateSum / B;
    const o = inp.objective;
    const t = inp.step;
    // Numbers, not views: the products below may grow the heap, which detaches every view taken before.
    const legacy = h.f32(h.ofTensor(s.multiplier))[0] as number;
    const mu = [...h.f32(h.ofTensor(s.multipliers))] as Multipliers;
    const w = lossWeights(o, t, { rateNats: rate, distortionNats: 0, mmd: 0 }, mu, legacy);
    const distortion = this.logitsGradient(w.distortion / B) / B;
    const mmd = this.backward(
      w.rate / B,
      inp.prior && leanUsesMmd(o, t) ? { prior: inp.prior, o, weight: w.mmd } : null,
    );
    return { rate, distortion, mmd, legacy, multipliers: mu };
  }

  /** Σ_b D_b, and ∂L/∂logitsᵀ = wD·(σ(l) − x) into gLogits (wD already divided by B). */
  private logitsGradient(wD: number): number {
    const h = this.heap;
    const out = (this.dec[this.dec.length - 1] as LeanDense).out;
    const d = h.k.bernoulli(out.offset, this.x.offset, this.gLogits.offset, this.vae.pixels, this.batch, wD);
    h.renew(this.gLogits);
    return d;
  }

  /**
   * Back through the decoder, the latent and the encoder; wR already divided by B. With `mmd`, the weighted
   * MMD² of the codes against the prior's samples joins the loss; returns MMD² (0 without).
   */
  private backward(wR: number, mmd: { prior: Float32Array; o: ObjectiveSettings; weight: number } | null): number {
    const h = this.heap;
    let g = this.gLogits;
    for (let k = this.dec.length - 1; k >= 0; k--) {
      const l = this.dec[k] as LeanDense;
      const input = k > 0 ? (this.dec[k - 1] as LeanDense).out : this.z;
      l.backward(g, input, true);
      if (k > 0) (this.dec[k - 1] as LeanDense).reluBack(l.gradIn);
      g = l.gradIn;
    }
    // ∂L/∂z (plus the MMD² term's) → ∂L/∂mean and ∂L/∂(pre-softplus std), with the rate's own terms.
    const dz = h.f32(g);
    let mmdValue = 0;
    if (mmd) {
      const B = this.batch;
      const L = this.vae.arch.latentDim;
      const priorT = new Float32Array(L * B);
      for (let b = 0; b < B; b++) for (let j = 0; j < L; j++) priorT[j * B + b] = mmd.prior[b * L + j] as number;
      const kernel = measureKernel(mmd.o.kernel);
      mmdValue = mmdWithGradient(h.f32(this.z), priorT, L, B, kernel, defaultKernelScale(L), mmd.weight, dz);
    }
    const mean = h.f32(this.mean.out);
    const sraw = h.f32(this.sraw.out);
    const gm = h.f32(this.gMean);
    const gs = h.f32(this.gSraw);
    const std = this.std;
    const zv = h.f32(this.z);
    for (let i = 0; i < dz.length; i++) {
      const sd = std[i] as number;
      let dm: number;
      let dstd: number;
      if (this.logistic) {
        // ∂R/∂z = −∇log m(z) = tanh(z / 2s)/s; log e(z|x) depends on std alone (−log std), not on the mean.
        const zi = zv[i] as number;
        const dzi = (dz[i] as number) + (wR * Math.tanh(zi / (2 * LOGISTIC_SCALE))) / LOGISTIC_SCALE;
        dm = dzi;
        dstd = dzi * (this.epsT[i] as number) - wR / sd;
      } else {
        dm = (dz[i] as number) + wR * (mean[i] as number);
        dstd = (dz[i] as number) * (this.epsT[i] as number) + wR * (sd - 1 / sd);
      }
      gm[i] = dm;
      gs[i] = dstd * sigmoid(sraw[i] as number);
    }
    h.renew(this.gMean);
    h.renew(this.gSraw);
    const top = this.enc[this.enc.length - 1] as LeanDense;
    this.mean.backward(this.gMean, top.out, true);
    this.sraw.backward(this.gSraw, top.out, true);
    top.reluBack(this.mean.gradIn, this.sraw.gradIn);
    g = this.mean.gradIn;
    for (let k = this.enc.length - 1; k >= 0; k--) {
      const l = this.enc[k] as LeanDense;
      const input = k > 0 ? (this.enc[k - 1] as LeanDense).out : this.xScaled;
      l.backward(g, input, k > 0);
      if (k > 0) {
        (this.enc[k - 1] as LeanDense).reluBack(l.gradIn);
        g = l.gradIn;
      }
    }
    return mmdValue;
  }

  /** The multipliers' dual steps and the batch's R, D, MMD² (0) into the model's scalars. */
  private duals(
    s: VaeStepTensors,
    o: ObjectiveSettings,
    t: number,
    { rate, distortion, mmd }: { rate: number; distortion: number; mmd: number },
    legacy: number,
    mu: Multipliers,
  ): void {
    const c = objectiveCoefficients(o, t);
    const nextLegacy = Math.min(
      MULTIPLIER_CLIP,
      Math.max(-MULTIPLIER_CLIP, legacy + c.useMultiplier * (rate - c.targetRateNats) * MULTIPLIER_STEP),
    );
    s.multiplier.assign(tf.scalar(nextLegacy));
    s.multipliers.assign(tf.tensor1d(dualAscent(o, { rateNats: rate, distortionNats: distortion, mmd }, mu)));
    s.lastRate.assign(tf.scalar(rate));
    s.lastDistortion.assign(tf.scalar(distortion));
    s.lastMmd.assign(tf.scalar(mmd));
  }

  dispose(): void {
    this.heap.dispose();
  }
}
