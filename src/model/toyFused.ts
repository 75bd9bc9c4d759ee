/**
 * The toy population's training step as one fused WGSL program on tfjs's WebGPU backend
 * (toyFusedShader.ts), run through the backend's custom-program API (`runWebGPUProgram`): the
 * population's variables are packed into one state tensor [P, 3n + 1 + FUSED_REPORT], K steps
 * run per dispatch, and the state stays packed between chunks (PackedState): it is unpacked into
 * the variables only when something else needs them (export, the tensor path, a fault, NaN
 * injection), so a chunk costs one concat-free dispatch; the program's report (R, D, Σ params,
 * log tables at the final parameters) is handed back so a read needs no other kernel. K follows the
 * session's chunk size, which is paced to about CHUNK_TARGET_MS (worker/session/pacing.ts), capped at FUSED_MAX_STEPS.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamStepSize, type AdamSlot } from './adam';
import { objectiveCoefficients, type ObjectiveSettings } from '../math/objective';
import type { FamilyName } from './toyFamilies';
import { FUSED_PARAMS, FUSED_REPORT } from './toyFusedShader';
import { consts, fusedFaults, fusedProgram, program, type WebGpuBackendLike } from './toyFusedProgram';

/** Most steps in one dispatch. */
export const FUSED_MAX_STEPS = 256;

/**
 * A population's packed state while it trains fused: newer than its variables while `state` is
 * set. `lastFinite` is the packed state at the last read without a fault (a faulted model is
 * frozen at its parameters there).
 */
export class PackedState {
  state: tf.Tensor2D | null = null;
  lastFinite: tf.Tensor2D | null = null;

  /** μ [P] of the packed state (null when the variables are current). */
  multiplier(family: FamilyName): tf.Tensor1D | null {
    if (!this.state) return null;
    const P = this.state.shape[0];
    return tf.reshape(tf.slice(this.state, [0, 3 * FUSED_PARAMS[family]], [P, 1]), [P]) as tf.Tensor1D;
  }

  /** The read showed no fault: remember this state as the last finite one. */
  markFinite(): void {
    if (!this.state) return;
    this.lastFinite?.dispose();
    this.lastFinite = tf.clone(this.state);
  }

  /**
   * Write the packed state into the population's variables (and the last finite one into `lastFinite`); the variables
   * are current after.
   */
  unpack(pop: Pick<FusedPopulation, 'params' | 'slots' | 'multiplier'>, lastFinite: readonly tf.Variable[]): void {
    if (this.state) unpackInto(this.state, pop);
    if (this.state && this.lastFinite) unpackInto(this.lastFinite, { params: lastFinite });
    this.dispose();
  }

  dispose(): void {
    this.state?.dispose();
    this.lastFinite?.dispose();
    this.state = null;
    this.lastFinite = null;
  }
}

/**
 * The variables of a packed state [P, 3n + 1 + …]: params, then Adam m and v, then μ (each part
 * only when given).
 */
function unpackInto(
  state: tf.Tensor2D,
  pop: { params: readonly tf.Variable[]; slots?: readonly AdamSlot[]; multiplier?: tf.Variable },
): void {
  const P = state.shape[0];
  tf.tidy(() => {
    const sizes = pop.params.map((t) => t.size / P);
    const n = sizes.reduce((a, b) => a + b, 0);
    let at = 0;
    const take = (width: number, shape: readonly number[]): tf.Tensor => {
      const part = tf.reshape(tf.slice(state, [0, at], [P, width]), [...shape]);
      at += width;
      return part;
    };
    pop.params.forEach((t, i) => t.assign(take(sizes[i] as number, t.shape)));
    if (!pop.slots || !pop.multiplier) return;
    pop.slots.forEach((s, i) => s.m.assign(take(sizes[i] as number, s.m.shape)));
    pop.slots.forEach((s, i) => s.v.assign(take(sizes[i] as number, s.v.shape)));
    pop.multiplier.assign(tf.reshape(take(1, [P, 1]), [P]));
    if (at !== 3 * n + 1) throw new Error(`fused state width ${at} ≠ ${3 * n + 1}`);
  });
}

/** What the fused step reads and writes of a population (its own variables, in family order). */
export interface FusedPopulation {
  family: FamilyName;
  params: readonly tf.Variable[];
  slots: readonly AdamSlot[];
  multiplier: tf.Variable;
  objectives: readonly ObjectiveSettings[];
  active: readonly boolean[];
  learningRate: number;
  /** Steps taken before this call. */
  step: number;
}

/**
 * Run `count` ≥ 1 training steps of the population with the fused program (queued; nothing read
 * back), from `packed.state` when set, else from the variables. The state stays in `packed`
 * (the variables are then stale: PackedState.unpack). Returns the report [P, FUSED_REPORT] at
 * the final parameters (the caller disposes it).
 */
export function fusedTrain(pop: FusedPopulation, count: number, packed: PackedState): tf.Tensor2D {
  const P = pop.objectives.length;
  const n = FUSED_PARAMS[pop.family];
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const storage = fusedProgram(pop.family) ?? 'private';
  const prog = program(pop.family, P, storage, fusedFaults.invalidPrograms.has(`${pop.family}:${storage}`));
  // Sizes and activity are padded by one (toyFusedShader.ts: no input of length 1, one pipeline for every K and P).
  const active = tf.tensor1d([...pop.active.map((a) => (a ? 1 : 0)), 0]);
  let state =
    packed.state ??
    tf.tidy(
      () =>
        tf.concat(
          [
            ...pop.params.map((t) => tf.reshape(t, [P, -1])),
            ...pop.slots.map((s) => tf.reshape(s.m, [P, -1])),
            ...pop.slots.map((s) => tf.reshape(s.v, [P, -1])),
            tf.reshape(pop.multiplier, [P, 1]),
            tf.zeros([P, FUSED_REPORT]),
          ],
          1,
        ) as tf.Tensor2D,
    );
  packed.state = null;
  try {
    for (let done = 0; done < count; ) {
      const k = Math.min(FUSED_MAX_STEPS, count - done);
      const coeffs = new Float32Array(k * P * 4);
      const sizes = new Float32Array(k + 1);
      for (let s = 0; s < k; s++) {
        const t = pop.step + done + s;
        sizes[s] = adamStepSize(pop.learningRate, t + 1);
        pop.objectives.forEach((o, i) => {
          const c = objectiveCoefficients(o, t);
          coeffs.set([c.betaFixed, c.penalty, c.targetRateNats, c.useMultiplier], (s * P + i) * 4);
        });
      }
      const ct = tf.tensor1d(coeffs);
      const st = tf.tensor1d(sizes);
      const out = backend.runWebGPUProgram(prog, [state, ct, st, active, consts()], 'float32', [
        { type: 'int32', data: [k] },
        { type: 'int32', data: [P] },
      ]);
      ct.dispose();
      st.dispose();
      state.dispose();
      state = tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
      done += k;
    }
    packed.state = state;
    return tf.slice(state, [0, 3 * n + 1], [P, FUSED_REPORT]) as tf.Tensor2D;
  } catch (e) {
    state.dispose();
    throw e;
  } finally {
    active.dispose();
  }
}

/** The report's R, D, μ and Σ params stacked [4, P] (the layout ToyPopulation.readState reads). */
export function reportState(report: tf.Tensor2D, multiplier: tf.Tensor): tf.Tensor2D {
  const P = report.shape[0];
  return tf.tidy(
    () =>
      tf.stack(
        [
          tf.reshape(tf.slice(report, [0, 0], [P, 1]), [P]),
          tf.reshape(tf.slice(report, [0, 1], [P, 1]), [P]),
          multiplier,
          tf.reshape(tf.slice(report, [0, 2], [P, 1]), [P]),
        ],
        0,
      ) as tf.Tensor2D,
  );
}

/** The report's log tables [P · ROWS · K] (toyLayout.ts), as a tensor. */
export function reportTables(report: tf.Tensor2D): tf.Tensor2D {
  return tf.slice(report, [0, 3], [report.shape[0], FUSED_REPORT - 3]);
}
