/** Picking a backend from measured warm-ups (lib/backendChoice.ts), on hand-made timings. */
import { describe, expect, it } from 'vitest';
import {
  type BackendChoice,
  type BackendTiming,
  describeTimings,
  fastest,
  settleChoice,
  TOY_MANY_MODELS,
  workloadOf,
} from '../../src/lib/backendChoice';

const t = (backend: BackendTiming['backend'], ms: number | null, note = ''): BackendTiming => ({
  backend,
  msPerModelStep: ms,
  note,
});

describe('fastest', () => {
  it('the smallest finite time; failed (null) and non-finite timings are skipped; ties keep the earlier entry', () => {
    expect(fastest([t('wasm', 0.05), t('webgl', 0.02), t('cpu', 0.9)])?.backend).toBe('webgl');
    expect(fastest([t('webgpu', null, 'failed'), t('wasm', 0.05)])?.backend).toBe('wasm');
    expect(fastest([t('webgpu', Number.NaN), t('webgl', Number.POSITIVE_INFINITY), t('cpu', 3)])?.backend).toBe('cpu');
    expect(fastest([t('wasm', 0.05), t('webgl', 0.05)])?.backend).toBe('wasm');
    expect(fastest([t('webgl', 0.05), t('wasm', 0.05)])?.backend).toBe('webgl');
  });

  it('null when nothing is usable', () => {
    expect(fastest([])).toBeNull();
    expect(fastest([t('webgpu', null, 'failed'), t('wasm', Number.NaN)])).toBeNull();
  });
});

describe('describeTimings', () => {
  it('µs per model-step rounded to whole µs, or the note of a failed candidate, comma-separated', () => {
    expect(describeTimings([t('wasm', 0.052), t('webgl', null, 'warm-up over 600 ms')])).toBe(
      'wasm 52 µs/model-step, webgl warm-up over 600 ms',
    );
    expect(describeTimings([t('cpu', 1.2346)])).toBe('cpu 1235 µs/model-step');
    expect(describeTimings([])).toBe('');
  });
});

describe('settleChoice', () => {
  const provisional: BackendChoice = {
    backend: 'wasm',
    reason: 'provisional',
    adapter: 'swiftshader',
    timings: [t('wasm', 0.05)],
    provisional: true,
    probe: ['webgpu', 'webgl'],
    situation: 'only a software WebGPU adapter',
    workload: 'vae',
  };

  it('takes the fastest of the provisional and the probed timings, and is final', () => {
    const s = settleChoice(provisional, [t('webgpu', 0.08), t('webgl', 0.03)]);
    expect(s.backend).toBe('webgl');
    expect(s.provisional).toBe(false);
    expect(s.probe).toEqual([]);
    expect(s.timings.map((x) => x.backend)).toEqual(['wasm', 'webgpu', 'webgl']);
    expect(s.adapter).toBe('swiftshader');
    expect(s.workload).toBe('vae');
    expect(s.reason).toBe(
      'only a software WebGPU adapter; fastest in a measured warm-up of the image VAE step ' +
        '(wasm 50 µs/model-step, webgpu 80 µs/model-step, webgl 30 µs/model-step)',
    );
  });

  it('keeps the provisional backend when it stays fastest or when nothing was usable', () => {
    expect(settleChoice(provisional, [t('webgpu', 0.08)]).backend).toBe('wasm');
    const none = { ...provisional, backend: 'cpu' as const, timings: [] };
    expect(settleChoice(none, [t('webgpu', null, 'failed')]).backend).toBe('cpu');
  });

  it('a choice saved before workloads existed is described as the toy step', () => {
    const old: BackendChoice = {
      backend: 'cpu',
      reason: '',
      adapter: null,
      timings: [],
      provisional: true,
      probe: [],
      situation: 'no GPU',
    };
    expect(settleChoice(old, []).reason).toContain('the toy population step (16 models)');
  });
});

describe('workloadOf', () => {
  it('any non-toy dataset is the VAE workload; toy experiments switch to toy-many at TOY_MANY_MODELS models', () => {
    const models = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(workloadOf({ dataset: 'mnist', models: models(300) })).toBe('vae');
    expect(workloadOf({ dataset: 'gauss', models: models(1) })).toBe('vae');
    expect(workloadOf({ dataset: 'toy', models: models(3) })).toBe('toy');
    expect(workloadOf({ dataset: 'toy', models: models(TOY_MANY_MODELS - 1) })).toBe('toy');
    expect(workloadOf({ dataset: 'toy', models: models(TOY_MANY_MODELS) })).toBe('toy-many');
  });
});
