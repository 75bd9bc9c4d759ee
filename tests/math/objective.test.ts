import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OBJECTIVE,
  effectiveBeta,
  MULTIPLIER_DAMPING,
  objectiveCoefficients,
  objectiveFormula,
  objectiveValue,
  sanitizeObjective,
} from '../../src/math/objective';

describe('objectives', () => {
  const base = { ...DEFAULT_OBJECTIVE, beta: 2, targetRateNats: 0.5, penalty: 1.5, annealSteps: 100 };
  it('effective β is the derivative of the loss with respect to R (finite differences)', () => {
    for (const kind of ['elbo', 'beta', 'anneal', 'target-penalty', 'target-lagrange'] as const) {
      const s = { ...base, kind };
      const c = objectiveCoefficients(s, 40);
      for (const R of [0.2, 0.9]) {
        const h = 1e-6;
        const fd = (objectiveValue(s, c, R + h, 1, 0.7) - objectiveValue(s, c, R - h, 1, 0.7)) / (2 * h);
        expect(effectiveBeta(c, R, 0.7)).toBeCloseTo(fd, 6);
      }
    }
  });
  it('annealing ramps β linearly to its final value', () => {
    const s = { ...base, kind: 'anneal' as const };
    expect(objectiveCoefficients(s, 0).betaFixed).toBe(0);
    expect(objectiveCoefficients(s, 50).betaFixed).toBeCloseTo(1, 12);
    expect(objectiveCoefficients(s, 500).betaFixed).toBe(2);
  });
  it('Lagrange: β_eff = μ + ρ(R − σ)', () => {
    const c = objectiveCoefficients({ ...base, kind: 'target-lagrange' }, 0);
    expect(effectiveBeta(c, 0.7, 1)).toBeCloseTo(1 + MULTIPLIER_DAMPING * 0.2, 12);
  });
  it('sanitize clamps and replaces NaN, unknown kinds become the default', () => {
    const s = sanitizeObjective({
      ...DEFAULT_OBJECTIVE,
      kind: 'bogus' as never,
      beta: Number.NaN,
      targetRateNats: -3,
      penalty: 1e9,
      annealSteps: 0.2,
      alpha: 7,
      mmdLambda: -1,
      kernel: 'rbf' as never,
      rateConstraint: '<' as never,
      mmdMax: Number.POSITIVE_INFINITY,
      negElboMaxNats: -5,
    });
    expect(s).toEqual({
      ...DEFAULT_OBJECTIVE,
      kind: 'elbo',
      beta: DEFAULT_OBJECTIVE.beta,
      targetRateNats: 0,
      penalty: 20,
      annealSteps: 1,
      alpha: 1,
      mmdLambda: 0,
      kernel: 'imq',
      rateConstraint: 'off',
      mmdMax: 0,
      negElboMaxNats: 0,
    });
  });
  it('formula names the objective in force', () => {
    expect(objectiveFormula({ ...base, kind: 'target-penalty' })).toContain('λ·|σ − R|');
    expect(objectiveFormula({ ...base, kind: 'beta' })).toContain('β = 2.000');
  });
});
