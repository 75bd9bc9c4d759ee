/** A toy population's training state as plain typed arrays, and its check before a rebuild. */
import type { ObjectiveSettings } from '../math/objective';
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
