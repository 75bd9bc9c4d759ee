import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bernoulliBinarise,
  binarise,
  decodeAsset,
  encodeAsset,
  seededPermutation,
  splitImages,
} from '../../src/data/binaryImages';
import { madeMasks } from '../../src/math/made';

function randomSet(n: number, seed: number) {
  const pixels = new Uint8Array(n * 784);
  let s = seed;
  for (let i = 0; i < pixels.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    pixels[i] = (s >>> 16) & 1;
  }
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return splitImages({ pixels, labels, width: 28, height: 28, trainCount: n - 3, seed: 5 });
}

describe('binary image asset', () => {
  it('binarises at the threshold', () => {
    expect([...binarise([0, 0.5, 0.51, 1])]).toEqual([0, 0, 1, 1]);
  });
  it('permutation is a seeded bijection', () => {
    const p = seededPermutation(100, 3);
    expect(new Set(p).size).toBe(100);
    expect([...seededPermutation(100, 3)]).toEqual([...p]);
    expect([...seededPermutation(100, 4)]).not.toEqual([...p]);
  });
  it('split keeps every image with its label', () => {
    const set = randomSet(12, 1);
    const a = randomSet(12, 1);
    expect(set.pixels).toEqual(a.pixels);
    // Every (image, label) pair of the source appears once after the shuffle.
    const sums = Array.from(
      { length: 12 },
      (_, k) => `${set.labels[k]}:${set.pixels.subarray(k * 784, (k + 1) * 784).join('')}`,
    ).sort();
    expect(new Set(sums).size).toBe(12);
  });
  it('encode → decode round-trips bit for bit, 98 bytes per image', () => {
    const set = randomSet(20, 7);
    const bytes = encodeAsset(set);
    expect(bytes.length).toBe(36 + 20 + 20 * 98);
    const back = decodeAsset(bytes);
    expect(back).toEqual(set);
  });
  it('rejects bad magic, version, length and split with a message', () => {
    const bytes = encodeAsset(randomSet(10, 2));
    const bad = (f: (b: Uint8Array) => void) => {
      const b = bytes.slice();
      f(b);
      return () => decodeAsset(b);
    };
    expect(bad((b) => (b[0] = 0))).toThrow(/magic/);
    expect(bad((b) => (b[4] = 9))).toThrow(/version/);
    expect(() => decodeAsset(bytes.subarray(0, bytes.length - 1))).toThrow(/length/);
    expect(bad((b) => (b[20] = 200))).toThrow(/split/);
  });
  it('fuzz: arbitrary bytes decode or throw an Error, never anything else (1,000 cases)', () => {
    const header = encodeAsset(randomSet(4, 3)).subarray(0, 36);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.uint8Array({ maxLength: 400 }).map((t) => Uint8Array.from([...header, ...t])),
        ),
        (b) => {
          try {
            decodeAsset(b);
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('MADE masks', () => {
  /** Which inputs can reach which outputs through the masked layers (boolean matrix product). */
  function reach(dim: number, hidden: number[], reversed: boolean): boolean[][] {
    const masks = madeMasks(dim, hidden, reversed);
    const sizes = [dim, ...hidden, dim];
    let r: boolean[][] = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => i === j));
    masks.forEach((m, l) => {
      const fin = sizes[l] as number;
      const fout = sizes[l + 1] as number;
      r = r.map((row) =>
        Array.from({ length: fout }, (_, c) => row.some((v, k) => v && k < fin && (m[k * fout + c] as number) > 0)),
      );
    });
    return r;
  }
  it.each([
    [2, false],
    [5, false],
    [5, true],
    [16, true],
  ] as const)('dim %i reversed %s: output i sees only earlier inputs, and all of them', (dim, reversed) => {
    const r = reach(dim, [32, 32], reversed);
    const pos = (i: number) => (reversed ? dim - i : i + 1);
    for (let i = 0; i < dim; i++) for (let o = 0; o < dim; o++) expect(r[i]?.[o]).toBe(pos(i) < pos(o));
  });
});

describe('asset version 2: validation and test sets', () => {
  it('a test set stays last and in order; only train + validation are shuffled', () => {
    const n = 30;
    const pixels = Uint8Array.from({ length: n * 784 }, (_, i) => (Math.floor(i / 784) * 7 + i) % 2);
    const labels = Uint8Array.from({ length: n }, (_, i) => i);
    const set = splitImages({ pixels, labels, width: 28, height: 28, trainCount: 15, testCount: 10, seed: 3 });
    expect([...set.labels.subarray(20)]).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect([...set.labels.subarray(0, 20)].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([...set.labels.subarray(0, 20)]).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    const back = decodeAsset(encodeAsset({ ...set, binariseSeed: 9 }));
    expect([back.trainCount, back.testCount, back.binariseSeed]).toEqual([15, 10, 9]);
    expect(back.pixels).toEqual(set.pixels);
  });
  it('a version-1 asset (28-byte header) decodes with no test set', () => {
    const v2 = encodeAsset(randomSet(6, 4));
    const v1 = new Uint8Array(v2.length - 8);
    v1.set(v2.subarray(0, 28));
    v1.set(v2.subarray(36), 28);
    new DataView(v1.buffer).setUint32(4, 1, true);
    const set = decodeAsset(v1);
    expect([set.trainCount, set.testCount]).toEqual([3, 0]);
    expect(set.pixels).toEqual(decodeAsset(v2).pixels);
  });
  it('Bernoulli binarisation: frequency follows the grey level, and each image can be redrawn alone', () => {
    const grey = new Uint8Array(4 * 10_000).fill(64);
    const all = bernoulliBinarise(grey, 10_000, 11);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(Math.abs(mean - 64 / 255)).toBeLessThan(0.01);
    expect([...bernoulliBinarise(grey.subarray(20_000, 30_000), 10_000, 11, 2)]).toEqual([
      ...all.subarray(20_000, 30_000),
    ]);
    expect([...bernoulliBinarise(new Uint8Array([0, 255, 0, 255]), 2, 1)]).toEqual([0, 1, 0, 1]);
  });
});
