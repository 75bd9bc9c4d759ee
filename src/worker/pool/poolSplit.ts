/**
 * How an experiment's trained models are spread over a pool of training workers (pool workers), and
 * how their snapshots are split and joined again. Pure: no tfjs, no workers.
 * Pool worker s holds a contiguous block of the trained models, in the experiment's order, so a joined
 * snapshot is the one a single worker would have made.
 */
import type { TrainerSnapshot } from '../trainers/trainer';
import type { PopulationSnapshot } from '../../model/toySnapshot';

/**
 * The trained-model indices of each pool worker: `poolWorkers` contiguous blocks of near-equal size (earlier blocks
 * one larger).
 */
export function poolBlocks(trained: number, poolWorkers: number): number[][] {
  const n = Math.max(1, Math.min(poolWorkers, trained));
  const blocks: number[][] = [];
  let at = 0;
  for (let s = 0; s < n; s++) {
    const size = Math.floor(trained / n) + (s < trained % n ? 1 : 0);
    blocks.push(Array.from({ length: size }, (_, k) => at + k));
    at += size;
  }
  return blocks;
}

/** Rows [from, to) of a [P · rest] array whose leading axis is the model. */
function rows(a: Float32Array, size: number, from: number, to: number): Float32Array {
  const per = a.length / size;
  return a.slice(from * per, to * per);
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The models [from, to) of a toy population snapshot. */
export function sliceToySnapshot(snap: PopulationSnapshot, from: number, to: number): PopulationSnapshot {
  const size = snap.objectives.length;
  const take = (arrays: Float32Array[]): Float32Array[] => arrays.map((a) => rows(a, size, from, to));
  return {
    family: snap.family,
    objectives: snap.objectives.slice(from, to),
    learningRate: snap.learningRate,
    step: snap.step,
    active: snap.active.slice(from, to),
    params: take(snap.params),
    adamM: take(snap.adamM),
    adamV: take(snap.adamV),
    multiplier: snap.multiplier.slice(from, to),
  };
}

/** Toy population snapshots of consecutive blocks joined into one; `step`: the step the joined population is at. */
export function joinToySnapshots(parts: PopulationSnapshot[], step: number): PopulationSnapshot {
  const first = parts[0];
  if (!first) throw new Error('nothing to join');
  const join = (pick: (p: PopulationSnapshot) => Float32Array[]): Float32Array[] =>
    pick(first).map((_, k) => concat(parts.map((p) => pick(p)[k] as Float32Array)));
  return {
    family: first.family,
    objectives: parts.flatMap((p) => p.objectives),
    learningRate: first.learningRate,
    step,
    active: parts.flatMap((p) => p.active),
    params: join((p) => p.params),
    adamM: join((p) => p.adamM),
    adamV: join((p) => p.adamV),
    multiplier: concat(parts.map((p) => p.multiplier)),
  };
}

/** The part of a trainer snapshot that belongs to one block of trained models. */
export function sliceSnapshot(snap: TrainerSnapshot, block: readonly number[]): TrainerSnapshot {
  const from = block[0] ?? 0;
  const to = from + block.length;
  if (snap.kind === 'toy') return { kind: 'toy', population: sliceToySnapshot(snap.population, from, to) };
  return { kind: 'image', step: snap.step, runs: snap.runs.slice(from, to) };
}

/** The pool workers' snapshots (in block order) joined into the snapshot of the whole experiment at `step`. */
export function joinSnapshots(parts: TrainerSnapshot[], step: number): TrainerSnapshot {
  const first = parts[0];
  if (!first) throw new Error('nothing to join');
  if (first.kind === 'toy')
    return {
      kind: 'toy',
      population: joinToySnapshots(
        parts.map((p) => (p as Extract<TrainerSnapshot, { kind: 'toy' }>).population),
        step,
      ),
    };
  return { kind: 'image', step, runs: parts.flatMap((p) => (p as Extract<TrainerSnapshot, { kind: 'image' }>).runs) };
}

/** How many trained models a snapshot holds. */
export function snapshotSize(snap: TrainerSnapshot): number {
  return snap.kind === 'toy' ? snap.population.objectives.length : snap.runs.length;
}
