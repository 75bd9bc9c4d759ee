import { describe, expect, it } from 'vitest';
import { gaussianKernelMmdSquared1d, kernelOfSquaredDistance, mmdSquared } from '../../src/math/mmd';
import { mulberry32 } from '../../src/math/rng';

/** Standard normal draws from a seeded uniform stream (Box–Muller). */
function normals(seed: number, n: number, mean = 0, std = 1): number[][] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => [
    mean + std * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()),
  ]);
}

describe('MMD² (plain numbers)', () => {
  it('kernels: 1 at distance 0, decreasing, imq heavier-tailed than gaussian', () => {
    for (const k of ['imq', 'gaussian'] as const) expect(kernelOfSquaredDistance(k, 0, 4)).toBe(1);
    expect(kernelOfSquaredDistance('gaussian', 40, 4)).toBeLessThan(kernelOfSquaredDistance('imq', 40, 4));
    expect(kernelOfSquaredDistance('imq', 4, 4)).toBeCloseTo(0.5, 12);
  });
  it('the U-statistic matches the closed form for two 1-D Gaussians (Monte Carlo, gaussian kernel)', () => {
    const exact = gaussianKernelMmdSquared1d({ mean: 0.8, variance: 0.25 }, { mean: 0, variance: 1 }, 2);
    let sum = 0;
    const reps = 20;
    for (let i = 0; i < reps; i++)
      sum += mmdSquared(normals(10 + i, 200, 0.8, 0.5), normals(100 + i, 200), 'gaussian', 2);
    expect(exact).toBeGreaterThan(0.05);
    expect(sum / reps).toBeCloseTo(exact, 2);
  });
  it('is unbiased: near 0 on average for one distribution (and may dip below 0)', () => {
    let sum = 0;
    let negatives = 0;
    for (let i = 0; i < 30; i++) {
      const v = mmdSquared(normals(300 + i, 100), normals(900 + i, 100), 'imq', 2);
      sum += v;
      if (v < 0) negatives++;
    }
    expect(Math.abs(sum / 30)).toBeLessThan(2e-3);
    expect(negatives).toBeGreaterThan(0);
  });
  it('refuses fewer than two codes', () => {
    expect(() => mmdSquared([[0]], [[0], [1]], 'imq', 2)).toThrow();
  });
});

describe('Stein variational direction (InfoVAE §4.1.2)', () => {
  it('pulls codes toward the prior: codes shifted right get φ pointing left; codes drawn from the prior get φ ≈ 0', async () => {
    const { steinDirection, priorScore } = await import('../../src/math/stein');
    const shifted = normals(5, 200, 2, 1);
    const phi = steinDirection(
      shifted,
      shifted.map((z) => priorScore('normal', z)),
      2,
    );
    const mean = phi.reduce((s, p) => s + (p[0] as number), 0) / phi.length;
    expect(mean).toBeLessThan(-0.3);
    const prior = normals(6, 400);
    const phi0 = steinDirection(
      prior,
      prior.map((z) => priorScore('normal', z)),
      2,
    );
    expect(Math.abs(phi0.reduce((s, p) => s + (p[0] as number), 0) / phi0.length)).toBeLessThan(0.1);
    // The logistic score is odd and bounded by 1/s.
    const sc = priorScore('logistic', [-50, 0, 50]);
    expect(sc[1]).toBeCloseTo(0, 12);
    expect(sc[0]).toBeCloseTo(Math.PI / Math.sqrt(3), 6);
  });
});
