import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExperiment, DEFAULT_SETTINGS } from '../../src/lib/experiment';
import type { FromWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session';
import { useCpu } from '../model/setup';

beforeAll(useCpu);

function collect() {
  const messages: FromWorker[] = [];
  return { messages, post: (m: FromWorker) => messages.push(m), reports: () => messages.filter((m): m is Extract<FromWorker, { type: 'report' }> => m.type === 'report') };
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
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'single', family: 'tabular', objective: { ...DEFAULT_SETTINGS.objective, kind: 'beta', beta: 1 } });
    await s.configure(config);
    const done = s.play();
    await new Promise((r) => setTimeout(r, 300));
    s.setObjective('m0', { ...DEFAULT_SETTINGS.objective, kind: 'beta', beta: 0.2 }, 7);
    await new Promise((r) => setTimeout(r, 300));
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
    await new Promise((r) => setTimeout(r, 100));
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

  it('reconfiguring disposes the old population (no tensor growth)', async () => {
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
