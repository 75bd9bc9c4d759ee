/** The one way the live experiment changes (worker/session/configChange.ts): each kind of change, by hand. */
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig, ModelSpec } from '../../src/lib/experiment';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { nextConfig } from '../../src/worker/session/configChange';

const model = (id: string, beta: number): ModelSpec => ({
  id,
  label: '',
  kind: 'trained',
  objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta },
});
const config = (): ExperimentConfig => ({
  dataset: 'custom',
  family: 'tabular',
  seed: 3,
  learningRate: 1e-3,
  batchSize: 4,
  iwaeSamples: 10,
  models: [model('a', 0.1), model('b', 1), model('c', 10)],
});

describe('nextConfig', () => {
  it('objective: only the named model changes; an unknown id changes nothing', () => {
    const cur = config();
    const o = { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange' as const, targetRateNats: 5 };
    const next = nextConfig(cur, { kind: 'objective', modelId: 'b', objective: o });
    expect(next.models.map((m) => m.objective)).toEqual([cur.models[0]?.objective, o, cur.models[2]?.objective]);
    expect({ ...next, models: [] }).toEqual({ ...cur, models: [] });
    expect(nextConfig(cur, { kind: 'objective', modelId: 'zz', objective: o })).toEqual(cur);
    // Pure: the config it was given is untouched.
    expect(cur).toEqual(config());
  });

  it('learning rate and IWAE samples replace their field only', () => {
    const cur = config();
    expect(nextConfig(cur, { kind: 'learning-rate', learningRate: 0.02 })).toEqual({ ...cur, learningRate: 0.02 });
    expect(nextConfig(cur, { kind: 'iwae', samples: 50 })).toEqual({ ...cur, iwaeSamples: 50 });
  });

  it('models: the new list and settings, models that stay keep their objective in force, the rate and k stay', () => {
    const cur = nextConfig(config(), {
      kind: 'objective',
      modelId: 'a',
      objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.5 },
    });
    const edited: ExperimentConfig = {
      ...config(),
      batchSize: 8,
      learningRate: 0.5,
      iwaeSamples: 1,
      // 'a' comes back with its preset β (0.1), 'b' is removed, 'd' is new, and the order changes.
      models: [model('d', 2), model('a', 0.1), model('c', 7)],
    };
    const next = nextConfig(cur, { kind: 'models', experiment: edited });
    expect(next.models.map((m) => m.id)).toEqual(['d', 'a', 'c']);
    expect(next.models.map((m) => m.objective.beta)).toEqual([2, 0.5, 10]);
    expect(next.batchSize).toBe(8);
    expect(next.learningRate).toBe(cur.learningRate);
    expect(next.iwaeSamples).toBe(cur.iwaeSamples);
  });
});
