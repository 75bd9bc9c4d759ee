import { describe, expect, it } from 'vitest';
import {
  constrainedBeta,
  constrainedLoss,
  CONSTRAINT_DUAL,
  dualAscent,
  lossWeights,
  multiplierRanges,
  type Multipliers,
} from '../../src/math/constraints';
import {
  DEFAULT_OBJECTIVE,
  objectiveCoefficients,
  objectiveFormula,
  type ObjectiveSettings,
} from '../../src/math/objective';

const base: ObjectiveSettings = { ...DEFAULT_OBJECTIVE, beta: 0.5, targetRateNats: 5, alpha: 0.7, mmdLambda: 10 };
const x = { rateNats: 6, distortionNats: 90, mmd: 0.03 };
const multipliers: Multipliers = [0.4, 3, 0.2];

describe('the information-autoencoding family', () => {
  it('InfoVAE, VIMAE, L_AE and β-VAE weights as the papers write them', () => {
    expect(objectiveCoefficients({ ...base, kind: 'infovae' }, 0)).toMatchObject({
      betaFixed: 1 - 0.7,
      mmdWeight: 0.7 + 10 - 1,
    });
    expect(objectiveCoefficients({ ...base, kind: 'infovae', alpha: 0, mmdLambda: 1 }, 0)).toMatchObject({
      betaFixed: 1,
      mmdWeight: 0,
    });
    expect(objectiveCoefficients({ ...base, kind: 'vimae' }, 0)).toMatchObject({ betaFixed: 0, mmdWeight: 10 });
    expect(objectiveCoefficients({ ...base, kind: 'ae' }, 0)).toMatchObject({ betaFixed: 0, mmdWeight: 0 });
    expect(objectiveCoefficients({ ...base, kind: 'beta' }, 0)).toMatchObject({ betaFixed: 0.5, mmdWeight: 0 });
  });
  it('loss weights are the loss gradient (central finite differences), every kind and constraint', () => {
    const settings: ObjectiveSettings[] = [
      { ...base, kind: 'infovae' },
      { ...base, kind: 'vimae', mmdMax: 0.01 },
      { ...base, kind: 'ae', negElboMaxNats: 80 },
      { ...base, kind: 'lagrangian', rateConstraint: 'eq', mmdMax: 0.02, negElboMaxNats: 120 },
      { ...base, kind: 'beta', rateConstraint: 'le', targetRateNats: 4 },
      { ...base, kind: 'lagrangian', rateConstraint: 'le', targetRateNats: 8 },
    ];
    const h = 1e-5;
    for (const s of settings) {
      const w = lossWeights(s, 3, x, multipliers);
      const d = (k: keyof typeof x): number =>
        (constrainedLoss(s, 3, { ...x, [k]: x[k] + h }, multipliers) -
          constrainedLoss(s, 3, { ...x, [k]: x[k] - h }, multipliers)) /
        (2 * h);
      expect(w.distortion).toBeCloseTo(d('distortionNats'), 5);
      expect(w.rate).toBeCloseTo(d('rateNats'), 5);
      expect(w.mmd).toBeCloseTo(d('mmd'), 5);
    }
  });
  it('constraints that are off change nothing; β_eff = ∂L/∂R ÷ ∂L/∂D', () => {
    const s = { ...base, kind: 'beta' as const };
    expect(lossWeights(s, 0, x, multipliers)).toEqual({ distortion: 1, rate: 0.5, mmd: 0 });
    const c = { ...base, kind: 'lagrangian' as const, negElboMaxNats: 50 };
    expect(constrainedBeta(c, 0, x, multipliers)).toBeCloseTo(0.2 / 1.2, 12);
  });
  it('dual ascent: moves toward satisfying each constraint, relative for MMD, clipped, off ones untouched', () => {
    const s = {
      ...base,
      kind: 'lagrangian' as const,
      rateConstraint: 'eq' as const,
      mmdMax: 0.01,
      negElboMaxNats: 100,
    };
    const next = dualAscent(s, x, multipliers);
    expect(next[0]).toBeCloseTo(0.4 + CONSTRAINT_DUAL.rate.step * (6 - 5), 12);
    expect(next[1]).toBeCloseTo(3 + (CONSTRAINT_DUAL.mmd.step * (0.03 - 0.01)) / 0.01, 12);
    expect(next[2]).toBeCloseTo(0.2 + CONSTRAINT_DUAL.negElbo.step * (96 - 100), 12); // satisfied: μ falls
    expect(dualAscent(s, x, [0, 0, 0])[2]).toBe(0); // …but never below its floor 0
    expect(dualAscent({ ...base, kind: 'beta' }, x, multipliers)).toEqual(multipliers);
    const ranges = multiplierRanges(s);
    expect(ranges[0]).toEqual([-CONSTRAINT_DUAL.rate.clip, CONSTRAINT_DUAL.rate.clip]);
    expect(ranges[1]).toEqual([0, CONSTRAINT_DUAL.mmd.clip]);
    let m: Multipliers = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) m = dualAscent(s, { rateNats: 200, distortionNats: 500, mmd: 5 }, m);
    expect(m).toEqual([CONSTRAINT_DUAL.rate.clip, CONSTRAINT_DUAL.mmd.clip, CONSTRAINT_DUAL.negElbo.clip]);
  });
  it('formulas name the constraints in force', () => {
    expect(objectiveFormula({ ...base, kind: 'lagrangian', rateConstraint: 'eq', mmdMax: 0.01 })).toContain(
      's.t. R = 5.00 nats, MMD ≤ 0.01',
    );
    expect(objectiveFormula({ ...base, kind: 'beta', rateConstraint: 'le' })).toContain('R ≤ 5.00 nats');
    expect(objectiveFormula({ ...base, kind: 'infovae' })).toContain('α = 0.70');
  });
});
