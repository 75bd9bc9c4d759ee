/**
 * One trainable image VAE with its objective, Adam state and Lagrange multipliers: the image
 * counterpart of one model of the toy population, driven by the same objective settings
 * (β, annealing, penalty, multiplier). Minimises the batch means w_D·D + w_R·R + w_M·MMD with
 * the weights of math/constraints.ts (lossWeights): β_eff from the batch's rate as for the toy,
 * the MMD weight b of InfoVAE/VIMAE, and the constraint multipliers; the weights are not
 * differentiated. After each step the multipliers take a dual-ascent step. The step itself is
 * vaeTrainStep.ts; this file owns the model's state, its read-back and its snapshots.
 *
 * Tensors owned: the Vae's parameters, Adam moments, μ (legacy σ multiplier), the constraint
 * multipliers [3] and the last batch's R, D and MMD; disposed by dispose(). The image tensors
 * belong to the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import { sanitizeObjective, type ObjectiveSettings } from '../../math/objective';
import type { Multipliers } from '../../math/constraints';
import { mulberry32 } from '../../math/rng';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import { createAdamConstants, createAdamSlot, type AdamConstants, type AdamSlot } from '../adam';
import { stepSeed } from './stepSeed';
import { leanStepBlocker, leanUsesMmd } from './lean/leanCoverage';
import { LeanMlpStep } from './lean/leanMlpStep';
import { NOISE_SALT, normalNoise, PRIOR_SALT, UNIFORM_SALT, vaeTrainStep, type VaeStepTensors } from './vaeTrainStep';
import { Vae } from './vae';

import type { TrainingData, VaeModelOptions, VaeModelSnapshot, VaeModelState } from './vaeModelTypes';

export type { TrainingData, VaeModelOptions, VaeModelSnapshot, VaeModelState } from './vaeModelTypes';

/** Training data that writes its batches feature-major (the lean step's layout). */
type TransposableData = TrainingData & Required<Pick<TrainingData, 'batchTransposedInto'>>;
const transposable = (d: TrainingData): d is TransposableData => d.batchTransposedInto !== undefined;

export class VaeModel {
  readonly vae: Vae;
  private readonly options: VaeModelOptions;
  private stepCount = 0;
  private isActive = true;
  private readonly slots: AdamSlot[];
  private readonly adam: AdamConstants;
  private readonly multiplier: tf.Variable;
  private readonly lastRate: tf.Variable;
  private readonly lastDistortion: tf.Variable;
  private readonly lastMmd: tf.Variable;
  private readonly multipliers: tf.Variable;
  /** The lean wasm step's buffers, made on its first use (lean/leanMlpStep.ts). */
  private lean: LeanMlpStep | null = null;
  private lastEngine: 'lean' | 'tensor' | null = null;

  constructor(options: VaeModelOptions) {
    if (!(options.learningRate > 0 && Number.isFinite(options.learningRate)))
      throw new Error(`invalid learning rate ${options.learningRate}`);
    if (!(Number.isInteger(options.batchSize) && options.batchSize >= 1))
      throw new Error(`invalid batch size ${options.batchSize}`);
    this.options = { ...options, objective: sanitizeObjective(options.objective) };
    this.vae = new Vae(options.arch, options.seed, options.dataDims ?? 784, options.likelihood ?? 'bernoulli');
    this.slots = this.vae.params.list().map((p) => createAdamSlot(p.shape));
    this.adam = createAdamConstants();
    [this.multiplier, this.lastRate, this.lastDistortion, this.lastMmd] = tf.tidy(() =>
      [0, Number.NaN, Number.NaN, 0].map((v) => tf.variable(tf.scalar(v), false)),
    ) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    this.multipliers = tf.tidy(() => tf.variable(tf.zeros([3]), false));
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

  /** Stop training this model (a NaN/Inf was seen); its last reported numbers stay on the plot. */
  freeze(): void {
    this.isActive = false;
  }

  /** Test hook: make the first parameter NaN, as a diverging step would. */
  injectNaN(): void {
    const p = this.vae.params.list()[0] as tf.Variable;
    tf.tidy(() => p.assign(tf.fill(p.shape, Number.NaN)));
  }

  /** The tensors a training step reads and updates (vaeTrainStep.ts). */
  private get stepTensors(): VaeStepTensors {
    const { vae, slots, adam, multiplier, multipliers, lastRate, lastDistortion, lastMmd } = this;
    return { vae, slots, adam, multiplier, multipliers, lastRate, lastDistortion, lastMmd };
  }

  /** Indices of step t's training batch (seeded, with replacement). */
  batchIndices(step: number, trainCount: number): Int32Array {
    const rand = mulberry32(stepSeed(this.options.seed, step));
    return Int32Array.from({ length: this.options.batchSize }, () => Math.floor(rand() * trainCount));
  }

  /** Which step trained last: the lean wasm step or the tensor path (null before the first step). */
  get engine(): 'lean' | 'tensor' | null {
    return this.lastEngine;
  }

  /** The step that trains this model here: the lean wasm step, or the tensor path and why. */
  trainingEngine(): { kind: 'lean' | 'tensor'; note: string | null } {
    const note = this.leanBlocker();
    return { kind: note === null ? 'lean' : 'tensor', note };
  }

  /** Why this model trains on the tensor path here, or null when the lean step trains it. */
  leanBlocker(): string | null {
    const o = this.options;
    return leanStepBlocker(
      o.arch,
      o.objective,
      o.batchSize,
      o.dataDims ?? 784,
      (o.likelihood ?? 'bernoulli') === 'gaussian',
    );
  }

  /** One lean step: the batch written feature-major onto the heap, the noise drawn as the tensor path draws it. */
  private leanStep(images: TransposableData, t: number): void {
    this.lean ??= new LeanMlpStep(this.vae, this.options.batchSize);
    const lean = this.lean;
    const o = this.options;
    const indices = this.batchIndices(t, images.trainCount);
    tf.tidy(() => {
      const eps = lean.heap.read(normalNoise(o.batchSize, o.arch.latentDim, o.seed, NOISE_SALT, t));
      const prior = leanUsesMmd(o.objective, t)
        ? lean.heap.read(
            this.vae.marginal.sample(
              normalNoise(o.batchSize, o.arch.latentDim, o.seed, PRIOR_SALT, t),
              tf.randomUniform([o.batchSize], 0, 1, 'float32', stepSeed(o.seed ^ UNIFORM_SALT, t)) as tf.Tensor1D,
            ),
          )
        : undefined;
      // Last, after every allocation above (a view is detached when the heap grows).
      images.batchTransposedInto(indices, lean.xView());
      lean.run(this.stepTensors, { objective: o.objective, step: t, learningRate: o.learningRate, eps, prior });
    });
  }

  /** `count` training steps on batches of the training images (queued; nothing is read back). */
  train(images: TrainingData, count = 1): void {
    if (!this.isActive) return;
    // The image sets, the only data of the models the lean step covers, fill batches in its layout.
    const lean = this.leanBlocker() === null && transposable(images);
    this.lastEngine = lean ? 'lean' : 'tensor';
    if (!lean && this.lean) {
      // Back on the tensor path (an objective or backend the lean step does not take): free its buffers.
      this.lean.dispose();
      this.lean = null;
    }
    for (let s = 0; s < count; s++) {
      const t = this.stepCount;
      if (lean) {
        this.leanStep(images, t);
        this.stepCount += 1;
        continue;
      }
      tf.tidy(() =>
        vaeTrainStep(this.stepTensors, {
          x: images.batch(this.batchIndices(t, images.trainCount)),
          objective: this.options.objective,
          step: t,
          seed: this.options.seed,
          learningRate: this.options.learningRate,
          batchSize: this.options.batchSize,
          latentDim: this.options.arch.latentDim,
        }),
      );
      this.stepCount += 1;
    }
  }

  /** Read back the last batch's R, D and μ (synchronises the backend). */
  async readState(): Promise<VaeModelState> {
    const [r, d, m, multipliers, mmd] = await Promise.all([
      this.lastRate.data(),
      this.lastDistortion.data(),
      this.multiplier.data(),
      this.multipliers.data(),
      this.lastMmd.data(),
    ]);
    return {
      step: this.stepCount,
      rateNats: r[0] as number,
      distortionNats: d[0] as number,
      multiplier: m[0] as number,
      active: this.isActive,
      multipliers: [...multipliers] as Multipliers,
      mmd: mmd[0] as number,
    };
  }

  async exportState(): Promise<VaeModelSnapshot> {
    const read = (vs: tf.Variable[]): Promise<Float32Array[]> =>
      Promise.all(vs.map(async (v) => new Float32Array(await v.data())));
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
      constraintMultipliers: [...(await this.multipliers.data())],
      lastMmd: (await this.lastMmd.data())[0] as number,
    };
  }

  /** Rebuild a model from a snapshot on the current backend. */
  static fromSnapshot(snap: VaeModelSnapshot): VaeModel {
    const model = new VaeModel(snap);
    try {
      model.vae.params.write(snap.params);
      const write = (vs: tf.Variable[], arrays: Float32Array[]): void => {
        if (arrays.length !== vs.length) throw new Error('optimiser state does not match the model');
        vs.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(arrays[i] as Float32Array, v.shape))));
      };
      // A weights-only snapshot (a shipped checkpoint) has no optimiser state: Adam starts afresh.
      if (snap.adamM.length > 0 || snap.adamV.length > 0) {
        write(
          model.slots.map((s) => s.m),
          snap.adamM,
        );
        write(
          model.slots.map((s) => s.v),
          snap.adamV,
        );
      }
      tf.tidy(() => {
        model.multiplier.assign(tf.scalar(snap.multiplier));
        model.lastRate.assign(tf.scalar(snap.lastRateNats));
        model.lastDistortion.assign(tf.scalar(snap.lastDistortionNats));
        model.lastMmd.assign(tf.scalar(snap.lastMmd ?? 0));
        const multipliers = snap.constraintMultipliers ?? [0, 0, 0];
        if (multipliers.length !== 3) throw new Error('constraint multipliers do not match');
        model.multipliers.assign(tf.tensor1d(multipliers));
      });
      model.stepCount = snap.step;
      model.isActive = snap.active;
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  dispose(): void {
    this.lean?.dispose();
    this.lean = null;
    this.vae.dispose();
    this.slots.forEach((s) => {
      s.m.dispose();
      s.v.dispose();
    });
    Object.values(this.adam).forEach((v: tf.Tensor) => v.dispose());
    this.multiplier.dispose();
    this.lastRate.dispose();
    this.lastDistortion.dispose();
    this.lastMmd.dispose();
    this.multipliers.dispose();
  }
}
