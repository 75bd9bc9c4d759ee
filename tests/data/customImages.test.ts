import { describe, expect, it } from 'vitest';
import { imageCount, NO_LABEL } from '../../src/data/binaryImages';
import { customImageSet, inkFromRgba, sheetTiles } from '../../src/data/customImages';

const rgba = (greys: number[], alpha = 255): number[] => greys.flatMap((g) => [g, g, g, alpha]);

describe('custom images (pure part)', () => {
  it('ink: dark strokes on light paper are inverted, light strokes on dark are kept, transparent is paper', () => {
    expect(Array.from(inkFromRgba(rgba([255, 255, 255, 0])))).toEqual([0, 0, 0, 1]);
    expect(Array.from(inkFromRgba(rgba([0, 0, 0, 255])))).toEqual([0, 0, 0, 1]);
    expect(Array.from(inkFromRgba(rgba([0, 0, 0, 0], 0)))).toEqual([0, 0, 0, 0]);
  });
  it('sprite sheets are cut into 28×28 cells; other sizes are one image', () => {
    expect(sheetTiles(280, 56)).toHaveLength(20);
    expect(sheetTiles(28, 84)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 28 },
      { x: 0, y: 56 },
    ]);
    expect(sheetTiles(28, 28)).toEqual([{ x: 0, y: 0 }]);
    expect(sheetTiles(300, 200)).toEqual([{ x: 0, y: 0 }]);
  });
  it('splits 90 / 10 (at least one test image), unlabelled; too few or wrong-sized images are refused', () => {
    const digits = Array.from({ length: 20 }, (_, k) => Uint8Array.from({ length: 784 }, (_, p) => (p === k ? 1 : 0)));
    const set = customImageSet(digits);
    expect([imageCount(set), set.trainCount]).toEqual([20, 18]);
    expect(Array.from(set.labels).every((l) => l === NO_LABEL)).toBe(true);
    expect(customImageSet(digits.slice(0, 2)).trainCount).toBe(1);
    expect(() => customImageSet(digits.slice(0, 1))).toThrow(/at least 2/);
    expect(() => customImageSet([new Uint8Array(10), new Uint8Array(784)])).toThrow(/28×28/);
  });
});
