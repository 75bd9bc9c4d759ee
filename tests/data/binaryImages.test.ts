import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binarise, decodeAsset, encodeAsset, seededPermutation, splitImages } from '../../src/data/binaryImages';
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
    const sums = Array.from({ length: 12 }, (_, k) => `${set.labels[k]}:${set.pixels.subarray(k * 784, (k + 1) * 784).join('')}`).sort();
    expect(new Set(sums).size).toBe(12);
  });
  it('encode → decode round-trips bit for bit, 98 bytes per image', () => {
    const set = randomSet(20, 7);
    const bytes = encodeAsset(set);
    expect(bytes.length).toBe(28 + 20 + 20 * 98);
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
    const header = encodeAsset(randomSet(4, 3)).subarray(0, 28);
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 400 }).map((t) => Uint8Array.from([...header, ...t]))), (b) => {
        try {
          decodeAsset(b);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
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
      r = r.map((row) => Array.from({ length: fout }, (_, c) => row.some((v, k) => v && k < fin && (m[k * fout + c] as number) > 0)));
    });
    return r;
  }
  it.each([[2, false], [5, false], [5, true], [16, true]] as const)('dim %i reversed %s: output i sees only earlier inputs, and all of them', (dim, reversed) => {
    const r = reach(dim, [32, 32], reversed);
    const pos = (i: number) => (reversed ? dim - i : i + 1);
    for (let i = 0; i < dim; i++) for (let o = 0; o < dim; o++) expect(r[i]?.[o]).toBe(pos(i) < pos(o));
  });
});
