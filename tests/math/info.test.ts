import { describe, expect, it } from 'vitest';
import { entropyNats, klNats, logSoftmax, logSumExp, mutualInformationNats } from '../../src/math/info';

describe('information quantities', () => {
  it('entropy of uniform over n is log n; 0·log 0 = 0', () => {
    expect(entropyNats([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 14);
    expect(entropyNats([1, 0, 0])).toBe(0);
  });
  it('KL against a hand computation, and infinite where q = 0 < p', () => {
    const p = [0.5, 0.5];
    const q = [0.9, 0.1];
    expect(klNats(p, q)).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1), 14);
    expect(klNats([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(klNats(p, p)).toBe(0);
  });
  it('mutual information: independent → 0, identity → H', () => {
    expect(
      mutualInformationNats([
        [0.06, 0.14],
        [0.24, 0.56],
      ]),
    ).toBeCloseTo(0, 14);
    expect(
      mutualInformationNats([
        [0.3, 0],
        [0, 0.7],
      ]),
    ).toBeCloseTo(entropyNats([0.3, 0.7]), 14);
  });
  it('logSumExp is stable for huge logits and logSoftmax normalises', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    const ls = logSoftmax([1, 2, 3]);
    expect(ls.reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 14);
  });
});
