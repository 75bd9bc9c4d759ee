/**
 * One trainable image VAE with its objective, Adam state and Lagrange multiplier: the image
 * counterpart of one model of the toy population, driven by the same objective settings
 * (β, annealing, penalty, multiplier). Minimises the batch mean of D + β_eff·R, where β_eff is
 * computed from the batch's rate exactly as for the toy (math/objective.ts), not differentiated.
 *
 * Tensors owned: the Vae's parameters, Adam moments, μ and the last batch's R and D; disposed
 * by dispose(). The image tensors belong to the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MULTIPLIER_CLIP, MULTIPLIER_DAMPING, MULTIPLIER_STEP, sanitizeObjective, type ObjectiveSettings } from '../../math/objective';
import { mulberry32 } from '../../math/rng';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import { adamStepSize, adamUpdate, createAdamConstants, createAdamSlot, type AdamConstants, type AdamSlot } from '../adam';
import { coefficientTensors } from '../objectiveTensors';
import type { ImageTensors } from './imageTensors';
import { Vae } from './vae';

export interface VaeRunOptions {
  arch: VaeArchitecture;
  objective: ObjectiveSettings;
  seed: number;
  learningRate: number;
  batchSize: number;
}

/** A run's full state as typed arrays (to move it to another backend or into storage). */
export interface VaeRunSnapshot extends VaeRunOptions {
  step: number;
  active: boolean;
  params: Float32Array[];
  adamM: Float32Array[];
  adamV: Float32Array[];
  multiplier: number;
  /** The last batch's R and D (so a restored run reports where it was). */
  lastRateNats: number;
  lastDistortionNats: number;
}

/** Last batch's numbers, read back from the backend. */
export interface VaeRunState {
  step: number;
  rateNats: number;
  distortionNats: number;
  multiplier: number;
  active: boolean;
}

/** A seed for step t of a run, so batches and noise are reproducible. */
export function stepSeed(seed: number, step: number): number {
  return (Math.imul(seed >>> 0, 2654435761) ^ Math.imul(step + 1, 40503)) >>> 0;
}

/** Identity gradient blocker: value x, gradient 0 (β_eff must not be differentiated). */
const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: (args[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
})) as (x: tf.Tensor) => tf.Tensor;

export class VaeRun {
  readonly vae: Vae;
  private readonly options: VaeRunOptions;
  private stepCount = 0;
  private isActive = true;
  private readonly slots: AdamSlot[];
  private readonly adam: AdamConstants;
  private readonly multiplier: tf.Variable;
  private readonly lastRate: tf.Variable;
  private readonly lastDistortion: tf.Variable;

  constructor(options: VaeRunOptions) {
    if (!(options.learningRate > 0 && Number.isFinite(options.learningRate))) throw new Error(`invalid learning rate ${options.learningRate}`);
    if (!(Number.isInteger(options.batchSize) && options.batchSize >= 1)) throw new Error(`invalid batch size ${options.batchSize}`);
    this.options = { ...options, objective: sanitizeObjective(options.objective) };
    this.vae = new Vae(options.arch, options.seed);
    this.slots = this.vae.params.list().map((p) => createAdamSlot(p.shape));
    this.adam = createAdamConstants();
    [this.multiplier, this.lastRate, this.lastDistortion] = tf.tidy(() => [0, Number.NaN, Number.NaN].map((v) => tf.variable(tf.scalar(v), false))) as [tf.Variable, tf.Variable, tf.Variable];
  }

  get step(): number {
    return this.stepCount;
  }

  get active(): boolean {
    return this.isActive;
  }

  get objective(): ObjectiveSettings {
    return { ...this.options.objective };
  }

  get arch(): VaeArchitecture {
    return this.options.arch;
  }

  get batchSize(): number {
    return this.options.batchSize;
  }

  get seed(): number {
    return this.options.seed;
  }

  setObjective(o: ObjectiveSettings): void {
    this.options.objective = sanitizeObjective(o);
  }

  setLearningRate(lr: number): void {
    if (lr > 0 && Number.isFinite(lr)) this.options.learningRate = lr;
  }

  /** Stop training this run (a NaN/Inf was seen); its last reported numbers stay on the plot. */
  freeze(): void {
    this.isActive = false;
  }

  /** Test hook: make the first parameter NaN, as a diverging step would. */
  injectNaN(): void {
    const p = this.vae.params.list()[0] as tf.Variable;
    tf.tidy(() => p.assign(tf.fill(p.shape, Number.NaN)));
  }

  /** Indices of step t's training batch (seeded, with replacement). */
  batchIndices(step: number, trainCount: number): Int32Array {
    const rand = mulberry32(stepSeed(this.options.seed, step));
    return Int32Array.from({ length: this.options.batchSize }, () => Math.floor(rand() * trainCount));
  }

  /** `count` training steps on batches of the training images (queued; nothing is read back). */
  train(images: ImageTensors, count = 1): void {
    if (!this.isActive) return;
    const params = this.vae.params.list();
    const l = this.options.arch.latentDim;
    for (let s = 0; s < count; s++) {
      const t = this.stepCount;
      tf.tidy(() => {
        const x = images.batch(this.batchIndices(t, images.trainCount));
        const eps = tf.randomNormal([this.options.batchSize, l], 0, 1, 'float32', stepSeed(this.options.seed ^ 0x5bd1e995, t)) as tf.Tensor2D;
        const c = coefficientTensors([this.options.objective], t);
        let rateMean: tf.Tensor = tf.scalar(0);
        let distMean: tf.Tensor = tf.scalar(0);
        const { grads } = tf.valueAndGrads((..._ps: tf.Tensor[]) => {
          const terms = this.vae.terms(x, eps);
          // valueAndGrads frees what f makes besides its result: keep the means, freed below.
          rateMean = tf.keep(tf.mean(terms.rate));
          distMean = tf.keep(tf.mean(terms.distortion));
          const gap = tf.sub(stopGradient(rateMean), c.target);
          const betaEff = tf.add(
            tf.add(c.betaFixed, tf.mul(c.penalty, tf.sign(gap))),
            tf.mul(c.useMultiplier, tf.add(this.multiplier, tf.mul(gap, MULTIPLIER_DAMPING))),
          );
          return tf.sum(tf.add(distMean, tf.mul(betaEff, rateMean))) as tf.Scalar;
        })(params);
        const stepSize = tf.scalar(adamStepSize(this.options.learningRate, t + 1));
        params.forEach((p, i) => adamUpdate(p, grads[i] as tf.Tensor, this.slots[i] as AdamSlot, stepSize, this.adam));
        const gap = tf.sub(rateMean, c.target);
        this.multiplier.assign(tf.clipByValue(tf.add(this.multiplier, tf.sum(tf.mul(tf.mul(c.useMultiplier, gap), MULTIPLIER_STEP))), -MULTIPLIER_CLIP, MULTIPLIER_CLIP));
        this.lastRate.assign(rateMean);
        this.lastDistortion.assign(distMean);
        Object.values(c).forEach((v) => v.dispose());
        rateMean.dispose();
        distMean.dispose();
      });
      this.stepCount += 1;
    }
  }

  /** Read back the last batch's R, D and μ (synchronises the backend). */
  async readState(): Promise<VaeRunState> {
    const [r, d, m] = await Promise.all([this.lastRate.data(), this.lastDistortion.data(), this.multiplier.data()]);
    return { step: this.stepCount, rateNats: r[0] as number, distortionNats: d[0] as number, multiplier: m[0] as number, active: this.isActive };
  }

  async exportState(): Promise<VaeRunSnapshot> {
    const read = (vs: tf.Variable[]): Promise<Float32Array[]> => Promise.all(vs.map(async (v) => new Float32Array(await v.data())));
    return {
      ...this.options,
      objective: this.objective,
      step: this.stepCount,
      active: this.isActive,
      params: await this.vae.params.read(),
      adamM: await read(this.slots.map((s) => s.m)),
      adamV: await read(this.slots.map((s) => s.v)),
      multiplier: (await this.multiplier.data())[0] as number,
      lastRateNats: (await this.lastRate.data())[0] as number,
      lastDistortionNats: (await this.lastDistortion.data())[0] as number,
    };
  }

  /** Rebuild a run from a snapshot on the current backend. */
  static fromSnapshot(snap: VaeRunSnapshot): VaeRun {
    const run = new VaeRun(snap);
    try {
      run.vae.params.write(snap.params);
      const write = (vs: tf.Variable[], arrays: Float32Array[]): void => {
        if (arrays.length !== vs.length) throw new Error('optimiser state does not match the model');
        vs.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(arrays[i] as Float32Array, v.shape))));
      };
      write(run.slots.map((s) => s.m), snap.adamM);
      write(run.slots.map((s) => s.v), snap.adamV);
      tf.tidy(() => {
        run.multiplier.assign(tf.scalar(snap.multiplier));
        run.lastRate.assign(tf.scalar(snap.lastRateNats));
        run.lastDistortion.assign(tf.scalar(snap.lastDistortionNats));
      });
      run.stepCount = snap.step;
      run.isActive = snap.active;
    } catch (e) {
      run.dispose();
      throw e;
    }
    return run;
  }

  dispose(): void {
    this.vae.dispose();
    this.slots.forEach((s) => {
      s.m.dispose();
      s.v.dispose();
    });
    Object.values(this.adam).forEach((v: tf.Tensor) => v.dispose());
    this.multiplier.dispose();
    this.lastRate.dispose();
    this.lastDistortion.dispose();
  }
}
