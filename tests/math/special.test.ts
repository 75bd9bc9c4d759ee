import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf } from '../../src/math/special';

// Reference values from Abramowitz & Stegun / high-precision tables.
const ERF_TABLE: [number, number][] = [
  [0, 0],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
];

describe('erf / erfc / Φ', () => {
  it('matches tabulated erf to 1e-14 on both sides of the series/continued-fraction switch', () => {
    for (const [x, v] of ERF_TABLE) {
      expect(erf(x)).toBeCloseTo(v, 14);
      expect(erf(-x)).toBeCloseTo(-v, 14);
    }
  });
  it('keeps relative precision in the far tail: erfc(5) = 1.5374597944280349e-12', () => {
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-12);
    expect(erfc(-5)).toBeCloseTo(2 - 1.5374597944280349e-12, 14);
  });
  it('Φ agrees with Monte-Carlo-free identities and limits', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
  });
  it('is continuous at the switch point x = 2.5', () => {
    expect(Math.abs(erf(2.5 - 1e-12) - erf(2.5 + 1e-12))).toBeLessThan(1e-13);
  });
});
