import { describe, expect, it } from 'vitest';
import {
  dataQuadrature,
  encoderMiNats,
  grid,
  mixtureEntropyNats,
  mixtureLogDensity,
  QUADRATURE,
  sampleMixture,
  trueNllNats,
} from '../../src/math/mixture1d';

describe('the two-Gaussian mixture (Lagrangian family §4.1)', () => {
  it('density integrates to 1; samples have mean 0 and variance 1 + ¼', () => {
    const { points, step } = grid(-8, 8, 16001);
    expect(points.reduce((s, x) => s + Math.exp(mixtureLogDensity(x)) * step, 0)).toBeCloseTo(1, 6);
    const s = sampleMixture(200_000, 3);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const v = s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length;
    expect(mean).toBeCloseTo(0, 2);
    expect(v).toBeCloseTo(1.25, 2);
  });
  it('entropy lies between one component and two separated ones: ½log(2πe/4) < H < that + log 2', () => {
    const one = 0.5 * Math.log(2 * Math.PI * Math.E * 0.25);
    const h = mixtureEntropyNats();
    expect(h).toBeGreaterThan(one);
    expect(h).toBeLessThan(one + Math.LN2);
    expect(one + Math.LN2 - h).toBeLessThan(0.1); // the components overlap a little (2 std apart)
  });
  it('true NLL: a decoder that ignores z and outputs N(0, 1.25) gives the Gaussian cross-entropy; NLL ≥ H always', () => {
    const z = grid(QUADRATURE.z.lo, QUADRATURE.z.hi, 1201);
    const { x, weights } = dataQuadrature();
    const nll = trueNllNats({
      z: z.points,
      zStep: z.step,
      decMean: new Array(1201).fill(0),
      decStd: new Array(1201).fill(Math.sqrt(1.25)),
      x,
      weights,
    });
    expect(nll).toBeCloseTo(0.5 * Math.log(2 * Math.PI * 1.25) + 0.5, 2);
    expect(nll).toBeGreaterThan(mixtureEntropyNats());
  });
  it('true NLL of the exact model (z picks the component by its sign, spread by Φ) approaches H', () => {
    // μ(z) = ±1 by the sign of z, σ = ½: p(x) = q(x) exactly.
    const z = grid(QUADRATURE.z.lo, QUADRATURE.z.hi, 1201);
    const { x, weights } = dataQuadrature();
    const nll = trueNllNats({
      z: z.points,
      zStep: z.step,
      decMean: Array.from(z.points, (v) => (v < 0 ? -1 : 1)),
      decStd: new Array(1201).fill(0.5),
      x,
      weights,
    });
    expect(nll).toBeCloseTo(mixtureEntropyNats(), 2);
  });
  it('MI: 0 for an encoder that ignores x; log 2 for one that encodes only the component; grows as the encoder sharpens', () => {
    const { x, weights } = dataQuadrature();
    expect(
      encoderMiNats({ encMean: new Array(x.length).fill(0), encStd: new Array(x.length).fill(1), weights }),
    ).toBeCloseTo(0, 6);
    const sign = encoderMiNats({
      encMean: Array.from(x, (v) => (v < 0 ? -20 : 20)),
      encStd: new Array(x.length).fill(1),
      weights,
    });
    expect(sign).toBeCloseTo(Math.LN2, 2);
    const wide = encoderMiNats({ encMean: Array.from(x), encStd: new Array(x.length).fill(0.5), weights });
    const sharp = encoderMiNats({ encMean: Array.from(x), encStd: new Array(x.length).fill(0.05), weights });
    expect(sharp).toBeGreaterThan(wide);
    // Gaussian channel check: z = x + noise, I ≈ h(z) − h(noise) for large spread.
    expect(sharp).toBeGreaterThan(2);
  });
});
