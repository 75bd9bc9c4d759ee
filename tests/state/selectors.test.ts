import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import {
  diagramTerms,
  modelLabel,
  objectiveHandles,
  objectiveLabel,
  settingsFromExperiment,
} from '../../src/state/selectors';

const o = (patch: Partial<typeof DEFAULT_OBJECTIVE>) => ({ ...DEFAULT_OBJECTIVE, ...patch });

describe('selectors', () => {
  it('handles: a target rate has a σ handle and no draggable β; β-VAE and ELBO have β', () => {
    expect(objectiveHandles(o({ kind: 'target-lagrange' }))).toEqual({ sigma: true, beta: false });
    expect(objectiveHandles(o({ kind: 'beta' }))).toEqual({ sigma: false, beta: true });
    expect(objectiveHandles(o({ kind: 'elbo' }))).toEqual({ sigma: false, beta: true });
    expect(objectiveHandles(o({ kind: 'lagrangian', rateConstraint: 'eq' }))).toEqual({ sigma: true, beta: false });
    expect(objectiveHandles(o({ kind: 'vimae' }))).toEqual({ sigma: false, beta: false });
  });
  it('labels follow the objective in force', () => {
    expect(objectiveLabel(o({ kind: 'beta', beta: 0.3 }))).toBe('β = 0.30');
    expect(objectiveLabel(o({ kind: 'target-lagrange', targetRateNats: 10 }))).toBe('target rate σ = 10.00');
    expect(objectiveLabel(o({ kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 5 }))).toBe(
      'min D s.t. R = 5.00',
    );
    expect(objectiveLabel(o({ kind: 'elbo', mmdMax: 0.002 }))).toBe('ELBO s.t. MMD² ≤ 0.0020');
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'mnist-same-elbo' });
    const se2 = config.models.find((m) => m.id === 'se2');
    if (!se2) throw new Error('no se2');
    expect(modelLabel(se2)).toBe('(−+−) target rate σ = 25.00');
    expect(modelLabel({ ...se2, objective: o({ kind: 'target-lagrange', targetRateNats: 10 }) })).toBe(
      '(−+−) target rate σ = 10.00',
    );
  });
  it('the diagram lights R for rate terms and constraints, MMD for MMD weights and bounds', () => {
    expect(diagramTerms(o({ kind: 'ae' }))).toEqual({ distortion: true, rate: false, mmd: false });
    expect(diagramTerms(o({ kind: 'infovae', alpha: 1, mmdLambda: 100 }))).toEqual({
      distortion: true,
      rate: false,
      mmd: true,
    });
    expect(diagramTerms(o({ kind: 'elbo' }))).toEqual({ distortion: true, rate: true, mmd: false });
    expect(diagramTerms(o({ kind: 'lagrangian', rateConstraint: 'eq' }))).toEqual({
      distortion: true,
      rate: true,
      mmd: false,
    });
  });
  it('settings from the reported experiment: the primary objective, edits of others, learning rate', () => {
    const built = buildExperiment(DEFAULT_SETTINGS);
    const e = {
      ...built.config,
      learningRate: 0.003,
      models: built.config.models.map((m) =>
        m.id === 'elbo'
          ? { ...m, objective: o({ kind: 'beta', beta: 0.3 }) }
          : m.id === 'target'
            ? { ...m, objective: { ...m.objective, targetRateNats: 1.2 } }
            : m,
      ),
    };
    const s = settingsFromExperiment(DEFAULT_SETTINGS, e, built.primaryId);
    expect(s.objective?.targetRateNats).toBe(1.2);
    expect(Object.keys(s.objectives ?? {})).toEqual(['elbo']);
    expect(s.objectives?.elbo?.beta).toBe(0.3);
    expect(s.learningRate).toBe(0.003);
    // Unedited models leave no trace.
    expect(settingsFromExperiment(DEFAULT_SETTINGS, built.config, built.primaryId).objectives).toEqual({});
  });
});
