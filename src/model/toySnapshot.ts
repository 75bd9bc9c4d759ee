/**
 * A toy population's training state as plain typed arrays: its read-back from the backend, its
 * check before a rebuild, and the rebuild's upload into the population's variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ObjectiveSettings } from '../math/objective';
import type { AdamSlot } from './adam';
import type { FamilyName, ParamShape } from './toyFamilies';

/**
 * Everything needed to rebuild a population on another backend (or, later, from storage):
 * plain typed arrays, one per tensor, in the family's parameter order.
 */
export interface PopulationSnapshot {
  family: FamilyName;
  objectives: ObjectiveSettings[];
  learningRate: number;
  step: number;
  active: boolean[];
  params: Float32Array[];
  adamM: Float32Array[];
  adamV: Float32Array[];
  multiplier: Float32Array;
}

/** Throw when a snapshot's arrays do not fit the family's parameter shapes and the population size. */
export function checkSnapshot(snap: PopulationSnapshot, shapes: readonly ParamShape[], size: number): void {
  const check = (arrays: Float32Array[]): void => {
    if (
      arrays.length !== shapes.length ||
      arrays.some((a, i) => a.length !== (shapes[i] as number[]).reduce((x, y) => x * y, 1))
    )
      throw new Error("snapshot does not match the family's parameter shapes");
  };
  check(snap.params);
  check(snap.adamM);
  check(snap.adamV);
  if (snap.multiplier.length !== size || snap.active.length !== size)
    throw new Error('snapshot has the wrong number of models');
}

/** The variables a snapshot is uploaded into, in the family's parameter order. */
export interface SnapshotTarget {
  params: tf.Variable[];
  lastFinite: tf.Variable[];
  slots: AdamSlot[];
  multiplier: tf.Variable;
}

/**
 * Check a snapshot against the parameter shapes and the population size, then write its parameters
 * (also as the last finite copy), Adam moments and multipliers into the population's variables.
 */
export function uploadSnapshot(
  snap: PopulationSnapshot,
  into: SnapshotTarget,
  shapes: readonly ParamShape[],
  size: number,
): void {
  checkSnapshot(snap, shapes, size);
  tf.tidy(() => {
    shapes.forEach((shape, i) => {
      (into.params[i] as tf.Variable).assign(tf.tensor(snap.params[i] as Float32Array, shape));
      (into.lastFinite[i] as tf.Variable).assign(tf.tensor(snap.params[i] as Float32Array, shape));
      (into.slots[i] as AdamSlot).m.assign(tf.tensor(snap.adamM[i] as Float32Array, shape));
      (into.slots[i] as AdamSlot).v.assign(tf.tensor(snap.adamV[i] as Float32Array, shape));
    });
    into.multiplier.assign(tf.tensor1d(snap.multiplier));
  });
}

/** What a snapshot says beside the tensors' contents. */
export type SnapshotMeta = Pick<PopulationSnapshot, 'family' | 'objectives' | 'learningRate' | 'step' | 'active'>;

/** Copy the training state off the backend (async read-back of every tensor). */
export async function downloadSnapshot(
  meta: SnapshotMeta,
  from: Omit<SnapshotTarget, 'lastFinite'>,
): Promise<PopulationSnapshot> {
  const read = (ts: tf.Tensor[]): Promise<Float32Array[]> =>
    Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  return {
    ...meta,
    params: await read(from.params),
    adamM: await read(from.slots.map((s) => s.m)),
    adamV: await read(from.slots.map((s) => s.v)),
    multiplier: (await from.multiplier.data()) as Float32Array,
  };
}
