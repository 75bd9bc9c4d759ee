/**
 * What a VaeModel (vaeModel.ts) reads and writes: the data it trains on, its options, its full state
 * as typed arrays (snapshots: other backends, storage, run files) and the numbers it reports.
 */
import type { Multipliers } from '../../math/constraints';
import type { ObjectiveSettings } from '../../math/objective';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import type * as tf from '@tensorflow/tfjs-core';
import type { Likelihood } from './decoder';

/** What a model trains on: a fixed training set addressed by index (ImageTensors, or 1-D samples). */
export interface TrainingData {
  readonly trainCount: number;
  /** The examples at these indices, [B, dims]. Inside tidy. */
  batch(indices: Int32Array): tf.Tensor2D;
  /** The same examples written feature-major into out [dims, B] (the lean step's layout); optional. */
  batchTransposedInto?(indices: Int32Array, out: Float32Array): void;
}

export interface VaeModelOptions {
  arch: VaeArchitecture;
  objective: ObjectiveSettings;
  seed: number;
  learningRate: number;
  batchSize: number;
  /** Data dimensions and observation model (default: 784 Bernoulli pixels). */
  dataDims?: number;
  likelihood?: Likelihood;
}

/** A model's full state as typed arrays (to move it to another backend or into storage). */
export interface VaeModelSnapshot extends VaeModelOptions {
  step: number;
  active: boolean;
  params: Float32Array[];
  adamM: Float32Array[];
  adamV: Float32Array[];
  multiplier: number;
  /** The last batch's R and D (so a restored model reports where it was). */
  lastRateNats: number;
  lastDistortionNats: number;
  /**
   * Constraint multipliers [μ_R, μ_MMD, μ_−ELBO] and the last batch's MMD² (absent in files before
   * them: zeros).
   */
  constraintMultipliers?: number[];
  lastMmd?: number;
}

/** Last batch's numbers, read back from the backend. */
export interface VaeModelState {
  step: number;
  rateNats: number;
  distortionNats: number;
  multiplier: number;
  active: boolean;
  /** Constraint multipliers [μ_R, μ_MMD, μ_−ELBO]. */
  multipliers: Multipliers;
  /** The last batch's MMD² (0 while the objective does not use it). */
  mmd: number;
}
