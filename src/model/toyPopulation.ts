/**
 * A population of P toy models of one family, trained together as one batched computation.
 * Each model has its own objective (β, σ, λ, annealing, Lagrange multiplier) and is frozen when
 * a quantity becomes NaN/Inf, keeping its last finite parameters while the others go on. A step
 * runs on the fused WebGPU program (toyFused.ts) or on tensor ops (toyTensorPath.ts).
 *
 * Tensors owned (all disposed in dispose()): the family's parameters, Adam moments and last
 * finite copies of each; multipliers μ [P]; p*(x) [1, X, 1]; objective coefficients 4 × [P];
 * family constants; Adam scalars; on webgpu the fused program's packed state (toyFused.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { sanitizeToyObjective, type ObjectiveSettings } from '../math/objective';
import { toyProblem } from '../math/toyData';
import { adamStepSize, createAdamConstants, createAdamSlot, type AdamConstants, type AdamSlot } from './adam';
import { detectFaults, type ModelFault, type PopulationState } from './faults';
import { CoefficientCache } from './objectiveTensors';
import { logTables } from './toyExact';
import { toyFamily, type FamilyConstants, type FamilyName, type ToyFamily } from './toyFamilies';
import { X } from './toyLayout';
import { downloadSnapshot, uploadSnapshot, type PopulationSnapshot } from './toySnapshot';
import { fusedTrain, PackedState, reportState, reportTables } from './toyFused';
import { fusedAvailable } from './toyFusedProgram';
import { freezeInactive } from './toyFreeze';
import { tensorReport, tensorTrainStep, type ToyTensors } from './toyTensorPath';

export type { ModelFault, PopulationSnapshot, PopulationState };

export interface ToyPopulationOptions {
  family: FamilyName;
  /** One objective per model; P = objectives.length. */
  objectives: readonly ObjectiveSettings[];
  seed: number;
  learningRate: number;
  /** On webgpu, train with the fused WGSL program (toyFused.ts) instead of tensor ops; default true. */
  fused?: boolean;
  /**
   * This population is models [from, from + P) of a population of `total` models (a training
   * worker's pool worker): it starts from exactly their initial parameters in the whole population.
   */
  slice?: { from: number; total: number };
}

export class ToyPopulation {
  readonly family: ToyFamily;
  readonly size: number;
  private readonly objectives: ObjectiveSettings[];
  private learningRate: number;
  private stepCount = 0;
  private readonly params: tf.Variable[];
  private readonly lastFinite: tf.Variable[];
  private readonly slots: AdamSlot[];
  private readonly adamConstants: AdamConstants;
  private readonly familyConstants: FamilyConstants;
  private readonly multiplier: tf.Variable;
  private readonly pData: tf.Tensor3D;
  private readonly coefficients = new CoefficientCache();
  private readonly active: boolean[];
  private disposed = false;
  /** Whether train() uses the fused WebGPU program when the backend is webgpu. */
  fused: boolean;
  /** The fused program's report at the current parameters; null when they moved otherwise (or never fused). */
  private report: tf.Tensor2D | null = null;
  /** The fused program's packed state, newer than the variables while set (sync() writes it back). */
  private readonly packed = new PackedState();

  constructor(options: ToyPopulationOptions) {
    if (options.objectives.length === 0) throw new Error('a population needs at least one model');
    if (!(options.learningRate > 0 && Number.isFinite(options.learningRate)))
      throw new Error(`invalid learning rate ${options.learningRate}`);
    this.family = toyFamily(options.family);
    this.size = options.objectives.length;
    this.objectives = options.objectives.map(sanitizeToyObjective);
    this.learningRate = options.learningRate;
    const shapes = this.family.paramShapes(this.size);
    const slice = options.slice ?? { from: 0, total: this.size };
    const init = this.family
      .initParams(slice.total, options.seed >>> 0)
      .map((a) =>
        slice.total === this.size
          ? a
          : a.slice((a.length / slice.total) * slice.from, (a.length / slice.total) * (slice.from + this.size)),
      );
    // tf.variable keeps its own reference; tidy frees the initial tensors it was made from.
    this.params = tf.tidy(() => shapes.map((s, i) => tf.variable(tf.tensor(init[i] as Float32Array, s), false)));
    this.lastFinite = tf.tidy(() => shapes.map((s, i) => tf.variable(tf.tensor(init[i] as Float32Array, s), false)));
    this.slots = shapes.map((s) => createAdamSlot(s));
    this.adamConstants = createAdamConstants();
    this.familyConstants = this.family.constants();
    this.multiplier = tf.tidy(() => tf.variable(tf.zeros([this.size]), false));
    this.pData = tf.tensor3d([...toyProblem().pData], [1, X, 1]);
    this.active = new Array<boolean>(this.size).fill(true);
    this.fused = options.fused ?? true;
  }

  /** Training steps taken so far. */
  get step(): number {
    return this.stepCount;
  }

  /** Whether model i still trains (false after a fault). */
  isActive(i: number): boolean {
    return this.active[i] === true;
  }

  objective(i: number): ObjectiveSettings {
    const o = this.objectives[i];
    if (!o) throw new Error(`no model ${i}`);
    return o;
  }

  /** Change model i's objective; it acts from the next step. */
  setObjective(i: number, settings: ObjectiveSettings): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new Error(`no model ${i}`);
    this.objectives[i] = sanitizeToyObjective(settings);
    this.coefficients.clear();
  }

  setLearningRate(lr: number): void {
    if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`invalid learning rate ${lr}`);
    this.learningRate = lr;
  }

  /** The tensors the tensor path (toyTensorPath.ts) reads and updates. */
  private get tensors(): ToyTensors {
    return {
      family: this.family,
      params: this.params,
      slots: this.slots,
      multiplier: this.multiplier,
      familyConstants: this.familyConstants,
      pData: this.pData,
      adamConstants: this.adamConstants,
    };
  }

  /** Run `count` training steps (queued on the backend; nothing is read back). */
  train(count = 1): void {
    this.assertAlive();
    this.dropReport();
    if (this.fused && fusedAvailable(this.family.name) && count > 0) {
      this.report = fusedTrain(
        {
          family: this.family.name,
          params: this.params,
          slots: this.slots,
          multiplier: this.multiplier,
          objectives: this.objectives,
          active: this.active,
          learningRate: this.learningRate,
          step: this.stepCount,
        },
        count,
        this.packed,
      );
      this.stepCount += count;
      return;
    }
    this.sync();
    for (let s = 0; s < count; s++) {
      const size = adamStepSize(this.learningRate, this.stepCount + 1);
      tensorTrainStep(this.tensors, {
        coefficients: this.coefficients.at(this.objectives, this.stepCount),
        stepSizes: this.active.map((a) => (a ? size : 0)),
        // R enters the step only through objectives that depend on it (penalty, multiplier).
        needRate: this.objectives.some((o) => o.kind === 'target-penalty' || o.kind === 'target-lagrange'),
        useMultiplier: this.objectives.some((o) => o.kind === 'target-lagrange'),
      });
      this.stepCount++;
    }
  }

  /**
   * Exact R and D at the current parameters (float32), multipliers and parameter sums. Detects
   * non-finite models, freezes them at their last finite parameters, and records the others.
   */
  async readState(): Promise<{ state: PopulationState; faults: ModelFault[] }> {
    this.assertAlive();
    const multiplier = this.packed.multiplier(this.family.name);
    const packed = this.report ? reportState(this.report, multiplier ?? this.multiplier) : tensorReport(this.tensors);
    const data = (await packed.data()) as Float32Array;
    packed.dispose();
    multiplier?.dispose();
    const P = this.size;
    const state: PopulationState = {
      step: this.stepCount,
      rateNats: data.slice(0, P),
      distortionNats: data.slice(P, 2 * P),
      multiplier: data.slice(2 * P, 3 * P),
      paramSum: data.slice(3 * P, 4 * P),
    };
    const faults = detectFaults(state, this.active);
    if (faults.length > 0) {
      this.sync();
      this.freeze(faults);
    }
    if (this.packed.state) this.packed.markFinite();
    else tf.tidy(() => this.params.forEach((p, i) => (this.lastFinite[i] as tf.Variable).assign(tf.clone(p))));
    return { state, faults };
  }

  /** Stop the faulted models and put back their last finite parameters (moments and μ reset). */
  private freeze(faults: ModelFault[]): void {
    this.dropReport();
    for (const f of faults) this.active[f.index] = false;
    freezeInactive(this.active, this.params, this.slots, this.lastFinite, this.multiplier);
  }

  /** Log-probability tables [P · ROWS · K] (layout of toyLayout.ts) for exact metrics and plots. */
  async readLogTables(): Promise<Float32Array> {
    this.assertAlive();
    const t = this.report
      ? reportTables(this.report)
      : tf.tidy(() => logTables(this.family.forward(this.params, this.familyConstants)));
    const data = (await t.data()) as Float32Array;
    t.dispose();
    return data;
  }

  /** Current parameters, one array per parameter tensor (for tests and export). */
  async readParams(): Promise<Float32Array[]> {
    this.sync();
    return Promise.all(this.params.map(async (p) => (await p.data()) as Float32Array));
  }

  /** Copy the whole training state off the backend (async read-back of every tensor). */
  async exportState(): Promise<PopulationSnapshot> {
    this.assertAlive();
    this.sync();
    const meta = {
      family: this.family.name,
      objectives: this.objectives.map((o) => ({ ...o })),
      learningRate: this.learningRate,
      step: this.stepCount,
      active: [...this.active],
    };
    return downloadSnapshot(meta, { params: this.params, slots: this.slots, multiplier: this.multiplier });
  }

  /** Rebuild a population from a snapshot on the current backend; training continues exactly. */
  static fromSnapshot(snap: PopulationSnapshot): ToyPopulation {
    const pop = new ToyPopulation({
      family: snap.family,
      objectives: snap.objectives,
      seed: 0,
      learningRate: snap.learningRate,
    });
    const into = { params: pop.params, lastFinite: pop.lastFinite, slots: pop.slots, multiplier: pop.multiplier };
    uploadSnapshot(snap, into, pop.family.paramShapes(pop.size), pop.size);
    pop.stepCount = snap.step;
    snap.active.forEach((a, i) => (pop.active[i] = a));
    return pop;
  }

  /** Fault-injection hook (tests, demo): overwrite model i's parameters with NaN, as a diverging model would. */
  injectNaN(i: number): void {
    this.sync();
    this.dropReport();
    tf.tidy(() => {
      const mask = tf.tensor3d(
        Array.from({ length: this.size }, (_, j) => (j === i ? 1 : 0)),
        [this.size, 1, 1],
        'bool',
      );
      for (const p of this.params) p.assign(tf.where(tf.broadcastTo(mask, p.shape), tf.fill(p.shape, Number.NaN), p));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const owned: tf.Tensor[] = [
      ...this.params,
      ...this.lastFinite,
      this.multiplier,
      this.pData,
      ...this.familyConstants,
      ...Object.values(this.adamConstants),
    ];
    for (const s of this.slots) owned.push(s.m, s.v);
    for (const t of owned) t.dispose();
    this.coefficients.clear();
    this.dropReport();
    this.packed.dispose();
  }

  /** Bring the variables up to date with the fused program's packed state (a no-op when they are). */
  private sync(): void {
    this.packed.unpack({ params: this.params, slots: this.slots, multiplier: this.multiplier }, this.lastFinite);
  }

  private dropReport(): void {
    this.report?.dispose();
    this.report = null;
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('population was disposed');
  }
}
