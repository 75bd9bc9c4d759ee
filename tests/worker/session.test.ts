import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import type { FromWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session/session';
import { MemoryStorage } from '../../src/worker/saved/storage';
import { useCpu } from '../model/setup';

beforeAll(useCpu);

/** Resolve once `cond` holds (checked every event-loop turn; fails after 10 s). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition not reached');
}

function collect() {
  const messages: FromWorker[] = [];
  return {
    messages,
    post: (m: FromWorker) => messages.push(m),
    reports: () => messages.filter((m): m is Extract<FromWorker, { type: 'report' }> => m.type === 'report'),
  };
}

describe('TrainingSession', () => {
  it('Figure 2 preset: reports the hand optimum exactly, trained models, tables of selected models', async () => {
    const c = collect();
    const s = new TrainingSession(c.post);
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    s.select(['hand', 'target']);
    await s.configure(config);
    await s.stepOnce(5);
    const r = c.reports().at(-1);
    expect(r?.step).toBe(5);
    expect(r?.models.map((m) => m.id)).toEqual(['hand', 'elbo', 'target']);
    const hand = r?.models[0]?.metrics;
    expect(Math.abs((hand?.rateNats ?? 0) - 0.5)).toBeLessThan(1e-6);
    expect(Math.abs((hand?.distortionNats ?? 0) - ((hand?.entropyNats ?? 0) - 0.5))).toBeLessThan(1e-6);
    expect(r?.tables.map((t) => t.id)).toEqual(['hand', 'target']);
    expect(r?.tables[0]?.logTables.length).toBe(61 * 30);
    s.dispose();
  });

  it('play streams reports, an objective change is applied between chunks and stamped with its version, pause stops', async () => {
    const c = collect();
    const s = new TrainingSession(c.post);
    const { config } = buildExperiment({
      ...DEFAULT_SETTINGS,
      preset: 'single',
      family: 'tabular',
      objective: { ...DEFAULT_SETTINGS.objective, kind: 'beta', beta: 1 },
    });
    await s.configure(config);
    const done = s.play();
    // Wait for what the test needs to have happened (reports), not for a fixed time.
    await until(() => c.reports().length > 2);
    await s.setObjective('m0', { ...DEFAULT_SETTINGS.objective, kind: 'beta', beta: 0.2 }, 7);
    await until(() => c.reports().filter((r) => r.version === 7).length > 1);
    s.pause();
    await done;
    const reports = c.reports();
    expect(reports.length).toBeGreaterThan(3);
    const stamped = reports.filter((r) => r.version === 7);
    expect(stamped.length).toBeGreaterThan(0);
    expect(stamped.at(-1)?.models[0]?.metrics.betaEffective).toBeCloseTo(0.2, 6);
    const steps = reports.map((r) => r.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const stepAtPause = s.step;
    // The last report shows where training stopped, and nothing moves afterwards.
    expect(reports.at(-1)?.step).toBe(stepAtPause);
    expect(c.messages.at(-1)).toEqual({ type: 'status', phase: 'paused', message: `paused at step ${stepAtPause}` });
    // Nothing moves after the pause: two more turns of the event loop (where a chunk would run) change nothing.
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(s.step).toBe(stepAtPause);
    s.dispose();
  });

  it('a NaN posts a fault naming the model, quantity and step; others keep training', async () => {
    const c = collect();
    const s = new TrainingSession(c.post);
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'beta-sweep', family: 'smooth' });
    await s.configure(config);
    await s.stepOnce(3);
    s.injectNaN('b3');
    await s.stepOnce(2);
    const fault = c.messages.find((m) => m.type === 'fault');
    expect(fault).toEqual({ type: 'fault', modelId: 'b3', quantity: 'parameters', step: 5 });
    const last = c.reports().at(-1);
    expect(last?.models.find((m) => m.id === 'b3')?.active).toBe(false);
    expect(last?.models.filter((m) => m.active).length).toBe(15);
    expect(last?.models.every((m) => Number.isFinite(m.metrics.rateNats))).toBe(true);
    s.dispose();
  });

  it('reconfiguring disposes the old trainer (no tensor growth)', async () => {
    const c = collect();
    const s = new TrainingSession(c.post);
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'sigma-sweep', family: 'tabular' });
    await s.configure(config);
    await s.stepOnce(2);
    const n = tf.memory().numTensors;
    await s.configure(config);
    await s.stepOnce(2);
    expect(tf.memory().numTensors).toBe(n);
    s.dispose();
  });
});

describe('saving and restoring a run', () => {
  it('a new session continues a saved run of the same experiment exactly, with its edited objectives', async () => {
    const storage = new MemoryStorage();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'smooth' });
    // Session A trains 20 steps (editing an objective), saves, and goes on to step 35.
    const sinkA = collect();
    const a = new TrainingSession(sinkA.post, () => performance.now(), storage);
    await a.configure(config, true);
    await a.stepOnce(10);
    a.setObjective('target', { ...DEFAULT_SETTINGS.objective, kind: 'target-lagrange', targetRateNats: 1.2 }, 1);
    await a.stepOnce(10);
    await a.save();
    await a.stepOnce(15);
    // Session B (a reload) restores step 20 with the edited objective and also trains to 35.
    const sinkB = collect();
    const b = new TrainingSession(sinkB.post, () => performance.now(), storage);
    expect(await b.configure(config, true)).toBe(true);
    const msg = sinkB.messages.find((m) => m.type === 'restored');
    expect(msg).toMatchObject({ type: 'restored', step: 20 });
    const inForce = sinkB.messages.filter((m) => m.type === 'experiment').at(-1);
    expect(
      inForce?.type === 'experiment' &&
        inForce.experiment.models.find((m) => m.id === 'target')?.objective.targetRateNats,
    ).toBe(1.2);
    await b.stepOnce(15);
    const ra = sinkA.reports().at(-1);
    const rb = sinkB.reports().at(-1);
    expect(rb?.step).toBe(35);
    expect(ra?.step).toBe(35);
    expect(rb?.models.map((m) => m.metrics.rateNats)).toEqual(ra?.models.map((m) => m.metrics.rateNats));
    expect(rb?.models.map((m) => m.metrics.distortionNats)).toEqual(ra?.models.map((m) => m.metrics.distortionNats));
    a.dispose();
    b.dispose();
  });

  it('does not restore a different experiment; a failing storage reports once and training goes on', async () => {
    const storage = new MemoryStorage();
    const s1 = new TrainingSession(collect().post, () => performance.now(), storage);
    await s1.configure(buildExperiment({ ...DEFAULT_SETTINGS, family: 'smooth', seed: 1 }).config, true);
    await s1.stepOnce(3);
    await s1.save();
    const s2 = new TrainingSession(collect().post, () => performance.now(), storage);
    expect(await s2.configure(buildExperiment({ ...DEFAULT_SETTINGS, family: 'smooth', seed: 2 }).config, true)).toBe(
      false,
    );
    const c = collect();
    const broken = {
      load: async () => null,
      save: async () => {
        throw new Error('QuotaExceededError');
      },
      remove: async () => {},
      list: async () => [],
      clearAll: async () => {},
    };
    const s3 = new TrainingSession(c.post, () => performance.now(), broken);
    await s3.configure(buildExperiment(DEFAULT_SETTINGS).config, true);
    await s3.save();
    await s3.save();
    await s3.stepOnce(2);
    expect(c.messages.filter((m) => m.type === 'error')).toHaveLength(1);
    expect(s3.step).toBe(2);
    for (const s of [s1, s2, s3]) s.dispose();
  });
});
