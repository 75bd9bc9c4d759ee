/**
 * One training step of an image VAE run on one batch: the loss w_D·D + w_R·R + w_M·MMD with the
 * weights of math/constraints.ts (lossWeights.ts; the weights are not differentiated), its
 * gradients, the Adam update, and the dual-ascent steps of the multipliers. MMD² compares the
 * batch's codes with as many samples of m(z); it is computed only while the objective uses it.
 * The tensors belong to the VaeModel that calls it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MULTIPLIER_CLIP, MULTIPLIER_STEP, objectiveCoefficients, type ObjectiveSettings } from '../../math/objective';
import { defaultKernelScale, measureKernel } from '../../math/mmd';
import { adamStepSize, adamUpdate, type AdamConstants, type AdamSlot } from '../adam';
import { fusedAdamAvailable, fusedAdamUpdate } from '../fusedAdam';
import { coefficientTensors } from '../objectiveTensors';
import { stopGradient } from './layers';
import { dualAscentTensor, lossWeightTensors } from './lossWeights';
import { mmdSquaredTensor, steinSurrogate } from './mmd';
import { stepSeed } from './stepSeed';
import type { Vae } from './vae';

/** The model's tensors a step reads and updates. */
export interface VaeStepTensors {
  vae: Vae;
  slots: AdamSlot[];
  adam: AdamConstants;
  /** μ of the legacy σ multiplier, scalar. */
  multiplier: tf.Variable;
  /** The constraint multipliers [μ_R, μ_MMD, μ_−ELBO]. */
  multipliers: tf.Variable;
  /** The batch's R, D (nats) and MMD², scalars, written by the step. */
  lastRate: tf.Variable;
  lastDistortion: tf.Variable;
  lastMmd: tf.Variable;
}

export interface VaeStepOptions {
  /** The training batch [B, dims]. */
  x: tf.Tensor2D;
  objective: ObjectiveSettings;
  /** The step's index t (annealing, seeds). */
  step: number;
  /** The model's seed (the step's noise is seeded from it and t). */
  seed: number;
  learningRate: number;
  batchSize: number;
  latentDim: number;
}

/** The salts of the encoder's noise ε and of the marginal's samples for MMD² (the lean step draws the same). */
export const NOISE_SALT = 0x5bd1e995;
export const PRIOR_SALT = 0x27d4eb2f;
export const UNIFORM_SALT = 0x165667b1;

/** Standard-normal noise [b, l] seeded by the model's seed, a salt and the step. */
export const normalNoise = (b: number, l: number, seed: number, salt: number, t: number): tf.Tensor2D =>
  tf.randomNormal([b, l], 0, 1, 'float32', stepSeed(seed ^ salt, t)) as tf.Tensor2D;

/** Run one training step (inside a tidy; the caller's variables are updated in place). */
export function vaeTrainStep(s: VaeStepTensors, opts: VaeStepOptions): void {
  const { x, objective: o, step: t, seed, batchSize: b, latentDim: l } = opts;
  const params = s.vae.params.list();
  const useMmd = objectiveCoefficients(o, t).mmdWeight > 0 || o.mmdMax > 0;
  const eps = normalNoise(b, l, seed, NOISE_SALT, t);
  const c = coefficientTensors([o], t);
  let rateMean: tf.Tensor = tf.scalar(0);
  let distMean: tf.Tensor = tf.scalar(0);
  let mmd: tf.Tensor = tf.scalar(0);
  const { grads } = tf.valueAndGrads((..._ps: tf.Tensor[]) => {
    const terms = s.vae.terms(x, eps);
    // valueAndGrads frees what f makes besides its result: keep the means, freed below.
    rateMean = tf.keep(tf.mean(terms.rate));
    distMean = tf.keep(tf.mean(terms.distortion));
    const w = lossWeightTensors(o, t, c, stopGradient(rateMean), s.multiplier, s.multipliers);
    let loss = tf.add(tf.mul(w.distortion, distMean), tf.mul(w.rate, rateMean));
    if (useMmd) {
      const epsPrior = normalNoise(b, l, seed, PRIOR_SALT, t);
      const uPrior = tf.randomUniform([b], 0, 1, 'float32', stepSeed(seed ^ UNIFORM_SALT, t)) as tf.Tensor1D;
      const zPrior = s.vae.marginal.sample(epsPrior, uPrior);
      mmd = tf.keep(mmdSquaredTensor(terms.z, zPrior, measureKernel(o.kernel), defaultKernelScale(l)));
      if (o.kernel === 'stein') {
        // b weighs the Stein surrogate; the MMD constraint (μ_M) still acts on the measured MMD².
        const stein = steinSurrogate(terms.z, s.vae.marginal.score(terms.z), defaultKernelScale(l));
        loss = tf.add(tf.add(loss, tf.mul(w.divergence, stein)), tf.mul(w.mmdMultiplier, mmd));
      } else {
        loss = tf.add(loss, tf.mul(tf.add(w.divergence, w.mmdMultiplier), mmd));
      }
    }
    return tf.sum(loss) as tf.Scalar;
  })(params);
  const size = adamStepSize(opts.learningRate, t + 1);
  // On webgpu and webgl the fused programs (fusedAdam.ts: 4 or 3 dispatches per variable); elsewhere the
  // elementwise update.
  if (fusedAdamAvailable())
    params.forEach((p, i) => fusedAdamUpdate(p, grads[i] as tf.Tensor, s.slots[i] as AdamSlot, size));
  else {
    const stepSize = tf.scalar(size);
    params.forEach((p, i) => adamUpdate(p, grads[i] as tf.Tensor, s.slots[i] as AdamSlot, stepSize, s.adam));
  }
  const gap = tf.sub(rateMean, c.target);
  s.multiplier.assign(
    tf.clipByValue(
      tf.add(s.multiplier, tf.sum(tf.mul(tf.mul(c.useMultiplier, gap), MULTIPLIER_STEP))),
      -MULTIPLIER_CLIP,
      MULTIPLIER_CLIP,
    ),
  );
  s.multipliers.assign(
    dualAscentTensor(o, s.multipliers, tf.stack([rateMean, mmd, tf.add(rateMean, distMean)]) as tf.Tensor1D),
  );
  s.lastRate.assign(rateMean);
  s.lastDistortion.assign(distMean);
  s.lastMmd.assign(mmd);
  Object.values(c).forEach((v) => v.dispose());
  rateMean.dispose();
  distMean.dispose();
  mmd.dispose();
}
