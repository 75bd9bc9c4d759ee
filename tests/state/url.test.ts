import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, parseUrl, serializeUrl } from '../../src/state/url';

describe('URL state', () => {
  it('round-trips every setting', () => {
    const s = {
      settings: {
        preset: 'sigma-sweep' as const,
        family: 'tabular' as const,
        objective: {
          kind: 'target-penalty' as const,
          beta: 0.25,
          targetRateNats: 1.75,
          penalty: 2,
          annealSteps: 1234,
          alpha: 0.5,
          mmdLambda: 100,
          kernel: 'gaussian' as const,
          rateConstraint: 'le' as const,
          mmdMax: 0.02,
          negElboMaxNats: 120,
        },
        seed: 99,
        learningRate: 0.003,
        arch: {
          encoder: '+' as const,
          decoder: '-' as const,
          marginal: 'v' as const,
          latentDim: 32,
          hidden: 128,
          depth: 3,
        },
        batchSize: 16,
        images: 'custom' as const,
        runs: {
          extra: [
            { id: 'x1', from: 'r2', kind: 'beta' as const, value: 0.5 },
            { id: 'x2', from: 'r0', kind: 'target-lagrange' as const, value: 20 },
          ],
          removed: ['r3'],
        },
        iwaeSamples: 50,
        objectives: {
          s5: {
            kind: 'target-lagrange' as const,
            beta: 0.25,
            targetRateNats: 2.5,
            penalty: 2,
            annealSteps: 1234,
            alpha: 0.5,
            mmdLambda: 100,
            kernel: 'gaussian' as const,
            rateConstraint: 'le' as const,
            mmdMax: 0.02,
            negElboMaxNats: 120,
          },
        },
      },
      backend: 'wasm' as const,
      units: 'bits' as const,
      selected: 's4',
      hidden: ['seed' as const, 'objective' as const],
      speed: 20,
      startPaused: true,
      pool: 2,
      lesson: 3,
    };
    const { state, notices } = parseUrl(serializeUrl(s));
    expect(notices).toEqual([]);
    expect(state).toEqual(s);
  });
  it('pool: 1–16 workers or auto; anything else is a notice and automatic', () => {
    expect(parseUrl('?pool=3').state.pool).toBe(3);
    expect(parseUrl('?pool=auto').state.pool).toBeNull();
    expect(serializeUrl({ ...parseUrl('?pool=auto').state })).not.toContain('pool=');
    for (const bad of ['0', '17', '1.5', 'two']) {
      const { state, notices } = parseUrl(`?pool=${bad}`);
      expect(state.pool).toBeNull();
      expect(notices.join(' ')).toContain('pool');
    }
  });
  it('bad speed, start and lesson values give notices (a bad lesson opens chapter 1)', () => {
    const { state, notices } = parseUrl('?speed=7&start=later&lesson=99');
    expect(state.speed).toBeNull();
    expect(state.startPaused).toBe(false);
    expect(state.lesson).toBe(1);
    expect(notices.length).toBe(3);
    expect(notices[2]).toMatch(/no lesson chapter "99"/);
  });
  it('empty → defaults, no notices', () => {
    expect(parseUrl('')).toEqual({ state: DEFAULT_URL_STATE, notices: [] });
  });
  it('hostile and invalid values → defaults or clamps, each with a notice', () => {
    const { state, notices } = parseUrl(
      '?preset=<script>&beta=NaN&sigma=-5&lr=1e9&seed=1.5&backend=evil&units=furlongs&sel=%3Cimg%3E&family=' +
        'x'.repeat(100),
    );
    expect(state.settings.preset).toBe('figure2');
    expect(state.settings.objective.beta).toBe(1);
    expect(state.settings.objective.targetRateNats).toBe(0);
    expect(state.settings.learningRate).toBe(1);
    expect(state.settings.seed).toBe(1);
    expect(state.backend).toBe('auto');
    expect(state.units).toBe('nats');
    expect(state.selected).toBeNull();
    expect(notices.length).toBe(9);
    expect(parseUrl('?_hide=seed,bogus,seed').state.hidden).toEqual(['seed']);
  });
  it('never throws on junk', () => {
    for (const junk of ['?%', '?&&&', '?beta=', '?=1', '?beta=1e400', `?${'a=1&'.repeat(2000)}`])
      expect(() => parseUrl(junk)).not.toThrow();
  });
});
