/**
 * How an experiment's trained models are spread over pool workers (worker/pool/poolSplit.ts):
 * blocks against hand-computed cases and invariants; snapshots sliced by those blocks join back to the whole.
 */
import { describe, expect, it } from 'vitest';
import type { VaeModelSnapshot } from '../../src/model/vae/vaeModel';
import type { PopulationSnapshot } from '../../src/model/toySnapshot';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { joinSnapshots, poolBlocks, sliceSnapshot, snapshotSize } from '../../src/worker/pool/poolSplit';
import type { TrainerSnapshot } from '../../src/worker/trainers/trainer';

describe('poolBlocks', () => {
  it('hand-computed splits: earlier blocks one larger', () => {
    expect(poolBlocks(5, 2)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(poolBlocks(7, 3)).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(poolBlocks(6, 3)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(poolBlocks(4, 1)).toEqual([[0, 1, 2, 3]]);
  });

  it('never more blocks than models, never fewer than one', () => {
    expect(poolBlocks(2, 5)).toEqual([[0], [1]]);
    expect(poolBlocks(3, 0)).toEqual([[0, 1, 2]]);
    expect(poolBlocks(0, 3)).toEqual([[]]);
  });

  it(
    'for every size up to 40 and pools up to 17: blocks ' +
      'partition the models, contiguous, in order, sizes within one',
    () => {
      for (let trained = 1; trained <= 40; trained++)
        for (let poolWorkers = 1; poolWorkers <= 17; poolWorkers++) {
          const blocks = poolBlocks(trained, poolWorkers);
          const at = `${trained} models, ${poolWorkers} poolWorkers`;
          expect(blocks.length, at).toBe(Math.min(trained, poolWorkers));
          // Concatenated in block order they are 0..trained−1 exactly once each: a partition, contiguous and ordered.
          expect(blocks.flat(), at).toEqual(Array.from({ length: trained }, (_, i) => i));
          const sizes = blocks.map((b) => b.length);
          expect(Math.min(...sizes), at).toBeGreaterThanOrEqual(1);
          expect(Math.max(...sizes) - Math.min(...sizes), at).toBeLessThanOrEqual(1);
          // Non-increasing sizes: the larger blocks come first.
          for (let s = 1; s < sizes.length; s++) expect(sizes[s], at).toBeLessThanOrEqual(sizes[s - 1] as number);
        }
    },
  );
});

/** A toy population snapshot of `p` models whose every number names its model: row m holds m·1000 + k. */
function toySnapshot(p: number): PopulationSnapshot {
  const rows = (perModel: number, offset: number) =>
    Float32Array.from({ length: p * perModel }, (_, i) => Math.floor(i / perModel) * 1000 + (i % perModel) + offset);
  return {
    family: 'smooth',
    objectives: Array.from({ length: p }, (_, m) => ({ ...DEFAULT_OBJECTIVE, beta: m + 1 })),
    learningRate: 0.01,
    step: 17,
    active: Array.from({ length: p }, (_, m) => m % 2 === 0),
    params: [rows(3, 0), rows(2, 0.5)],
    adamM: [rows(3, 0.25), rows(2, 0.75)],
    adamV: [rows(3, 0.125), rows(2, 0.875)],
    multiplier: rows(1, 0.0625),
  };
}

describe('slicing and joining snapshots', () => {
  it('a toy block slice holds exactly its models’ rows', () => {
    const snap: TrainerSnapshot = { kind: 'toy', population: toySnapshot(5) };
    const part = sliceSnapshot(snap, [2, 3]);
    if (part.kind !== 'toy') throw new Error('kind');
    expect(snapshotSize(part)).toBe(2);
    expect(part.population.objectives.map((o) => o.beta)).toEqual([3, 4]);
    expect(part.population.active).toEqual([true, false]);
    expect(Array.from(part.population.params[0] as Float32Array)).toEqual([2000, 2001, 2002, 3000, 3001, 3002]);
    expect(Array.from(part.population.params[1] as Float32Array)).toEqual([2000.5, 2001.5, 3000.5, 3001.5]);
    expect(Array.from(part.population.multiplier)).toEqual([2000.0625, 3000.0625]);
    expect(part.population.step).toBe(17);
  });

  it('toy and image snapshots sliced by poolBlocks join back to the original (at the step asked for)', () => {
    for (const p of [1, 4, 5]) {
      for (const poolWorkers of [1, 2, 3]) {
        const toy: TrainerSnapshot = { kind: 'toy', population: toySnapshot(p) };
        const blocks = poolBlocks(p, poolWorkers);
        const joined = joinSnapshots(
          blocks.map((b) => sliceSnapshot(toy, b)),
          17,
        );
        expect(joined).toEqual(toy);
        expect(snapshotSize(joined)).toBe(p);
        const runs = Array.from({ length: p }, (_, m) => ({ seed: m }) as unknown as VaeModelSnapshot);
        const image: TrainerSnapshot = { kind: 'image', step: 9, runs };
        const back = joinSnapshots(
          blocks.map((b) => sliceSnapshot(image, b)),
          12,
        );
        expect(back).toEqual({ kind: 'image', step: 12, runs });
      }
    }
  });

  it('joining nothing throws', () => {
    expect(() => joinSnapshots([], 0)).toThrow(/nothing to join/);
  });
});
