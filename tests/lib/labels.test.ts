/** What models are called on screen (lib/labels.ts), written out by hand for each branch. */
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/lib/experiment';
import { modelLabel, objectiveLabel } from '../../src/lib/labels';
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../../src/math/objective';

const o = (x: Partial<ObjectiveSettings>): ObjectiveSettings => ({ ...DEFAULT_OBJECTIVE, ...x });

describe('objectiveLabel', () => {
  it('names each kind with its numbers (two decimals from 1 up, two significant digits below)', () => {
    expect(objectiveLabel(o({ kind: 'elbo' }))).toBe('ELBO');
    expect(objectiveLabel(o({ kind: 'beta', beta: 10 }))).toBe('β = 10.00');
    expect(objectiveLabel(o({ kind: 'beta', beta: 0.123 }))).toBe('β = 0.12');
    expect(objectiveLabel(o({ kind: 'anneal', beta: 0.5 }))).toBe('β annealed to 0.50');
    expect(objectiveLabel(o({ kind: 'target-penalty', targetRateNats: 2, penalty: 0.5 }))).toBe(
      'target rate σ = 2.00 (penalty λ = 0.50)',
    );
    expect(objectiveLabel(o({ kind: 'infovae', alpha: 1, mmdLambda: 100 }))).toBe('InfoVAE α = 1.00, λ = 100.00');
    expect(objectiveLabel(o({ kind: 'vimae', mmdLambda: 10 }))).toBe('VIMAE λ = 10.00');
    expect(objectiveLabel(o({ kind: 'ae' }))).toBe('L_AE');
    expect(objectiveLabel(o({ kind: 'lagrangian' }))).toBe('min D');
  });

  it('constraints follow "s.t.", in the order R, MMD², −ELBO', () => {
    expect(
      objectiveLabel(
        o({ kind: 'lagrangian', rateConstraint: 'le', targetRateNats: 20, mmdMax: 0.01, negElboMaxNats: 90 }),
      ),
    ).toBe('min D s.t. R ≤ 20.00, MMD² ≤ 0.010, −ELBO ≤ 90.00');
    expect(objectiveLabel(o({ kind: 'beta', beta: 2, negElboMaxNats: 95 }))).toBe('β = 2.00 s.t. −ELBO ≤ 95.00');
  });

  it('a target-rate objective does not repeat its σ as a rate constraint', () => {
    expect(objectiveLabel(o({ kind: 'target-lagrange', targetRateNats: 5, rateConstraint: 'eq' }))).toBe(
      'target rate σ = 5.00',
    );
  });
});

describe('modelLabel', () => {
  const spec = (x: Partial<ModelSpec>): ModelSpec => ({
    id: 'm',
    label: '',
    kind: 'trained',
    objective: o({ kind: 'beta', beta: 0.3 }),
    ...x,
  });
  const arch = { encoder: '-', decoder: '+', marginal: 'v', latentDim: 8, hidden: 64, depth: 1 } as const;

  it('hand models show their label, or "hand optimum"', () => {
    expect(modelLabel(spec({ kind: 'hand', label: '' }))).toBe('hand optimum');
    expect(modelLabel(spec({ kind: 'hand', label: 'paper optimum' }))).toBe('paper optimum');
  });

  it('family, then a name, then the objective; a parenthesised note goes after the objective', () => {
    expect(modelLabel(spec({}))).toBe('β = 0.30');
    expect(modelLabel(spec({ arch }))).toBe('(−+v) β = 0.30');
    expect(modelLabel(spec({ arch, label: 'β_H-VAE' }))).toBe('(−+v) β_H-VAE β = 0.30');
    expect(modelLabel(spec({ arch, label: '(copy of r2)' }))).toBe('(−+v) β = 0.30 (copy of r2)');
  });

  it('1-D models (latent dimension 1) show no image family', () => {
    expect(modelLabel(spec({ arch: { ...arch, decoder: '-', marginal: '-', latentDim: 1 } }))).toBe('β = 0.30');
  });
});
