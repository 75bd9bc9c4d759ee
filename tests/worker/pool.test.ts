/**
 * The training pool in Node: pool worker hosts run in-process behind fake workers (messages cloned as
 * postMessage would), so the coordinator, links and pool workers are the real code. A pool of 2 or 3
 * must train exactly what one worker trains for the same seeds; a crashed pool worker is replaced from
 * the last save while the others lose nothing; the pool size can change while training runs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { DEFAULT_SETTINGS, type ExperimentSettings } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import type { BinaryImageSet } from '../../src/data/binaryImages';
import type { FromWorker } from '../../src/worker/protocol';
import { PoolWorkerHost } from '../../src/worker/pool/poolWorkerHost';
import type { PoolWorkerLike } from '../../src/worker/pool/poolWorkers';
import type { TrainerSnapshot } from '../../src/worker/trainers/trainer';
import { useCpu } from '../model/setup';
import { strokeImages, testHost, TINY_IMAGES } from './hostFixture';

beforeAll(useCpu);

/** A pool worker in this thread: the real PoolWorkerHost, messages structured-cloned and delivered in order. */
function inProcessPoolWorker(started: { count: number }): PoolWorkerLike {
  let dead = false;
  started.count += 1;
  const w: PoolWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(m) {
      const copy = structuredClone(m);
      setTimeout(() => !dead && void host.dispatch(copy));
    },
    terminate() {
      dead = true;
    },
  };
  const host = new PoolWorkerHost({
    send: (m) => {
      const copy = structuredClone(m);
      setTimeout(() => !dead && w.onmessage?.({ data: copy } as MessageEvent));
    },
    setBackend: (name) => tf.setBackend(name),
    crash: () =>
      setTimeout(() => w.onerror?.({ message: 'simulated crash', preventDefault() {} } as unknown as ErrorEvent)),
  });
  return w;
}

const strokes = (): BinaryImageSet => strokeImages(48);

/** A worker host with a pool of in-process pool workers (pool: the size asked for; 1 trains in the host alone). */
function host(pool: number, images: BinaryImageSet | null = null, cores = 8) {
  const started = { count: 0 };
  const t = testHost(images, { createPoolWorker: () => inProcessPoolWorker(started), cores });
  return {
    ...t,
    started,
    init: () => t.h.dispatch({ type: 'init', backend: 'cpu', cached: null, assetBase: '', pool }),
  };
}

async function snapshotAfter(
  pool: number,
  settings: ExperimentSettings,
  steps: number[],
  images: BinaryImageSet | null = null,
): Promise<{ snap: TrainerSnapshot; workers: number; report: Extract<FromWorker, { type: 'report' }> }> {
  const { h, last, init } = host(pool, images);
  await init();
  await h.dispatch({ type: 'configure', experiment: buildExperiment(settings).config, play: false, restore: false });
  for (const [k, n] of steps.entries()) {
    // An objective edit between the step batches: it must reach the right poolWorker.
    if (k === 1)
      await h.dispatch({
        type: 'set-objective',
        modelId: (
          buildExperiment(settings)
            .config.models.filter((m) => m.kind === 'trained')
            .at(-1) as { id: string }
        ).id,
        objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.4 },
        version: 1,
      });
    await h.dispatch({ type: 'step', count: n });
  }
  const rec = await h.session.saves.currentRecord();
  const out = {
    snap: rec?.snapshot as TrainerSnapshot,
    workers: last('pool')?.workers ?? 0,
    report: last('report') as Extract<FromWorker, { type: 'report' }>,
  };
  h.session.dispose();
  return out;
}

function maxDiff(a: TrainerSnapshot, b: TrainerSnapshot): number {
  const arrays = (s: TrainerSnapshot): Float32Array[] =>
    s.kind === 'toy'
      ? [...s.population.params, ...s.population.adamM, ...s.population.adamV, s.population.multiplier]
      : s.runs.flatMap((r) => [...r.params, ...r.adamM, ...r.adamV]);
  const x = arrays(a);
  const y = arrays(b);
  expect(x.length).toBe(y.length);
  let d = 0;
  x.forEach((v, i) => {
    const w = y[i] as Float32Array;
    expect(v.length).toBe(w.length);
    for (let j = 0; j < v.length; j++) d = Math.max(d, Math.abs((v[j] as number) - (w[j] as number)));
  });
  return d;
}

describe('training pool', () => {
  it.each([
    'tabular',
    'smooth',
  ] as const)('toy β sweep (%s): pools of 2 and 3 train as one worker, across an objective edit', async (family) => {
    const settings = { ...DEFAULT_SETTINGS, preset: 'beta-sweep' as const, family };
    const one = await snapshotAfter(1, settings, [7, 8]);
    const two = await snapshotAfter(2, settings, [7, 8]);
    const three = await snapshotAfter(3, settings, [7, 8]);
    expect(one.workers).toBe(1);
    expect(two.workers).toBe(2);
    expect(three.workers).toBe(3);
    expect(maxDiff(one.snap, two.snap)).toBeLessThan(1e-6);
    expect(maxDiff(one.snap, three.snap)).toBeLessThan(1e-6);
    // The merged report lists every model in the experiment's order with the same numbers.
    expect(two.report.models.map((m) => m.id)).toEqual(one.report.models.map((m) => m.id));
    two.report.models.forEach((m, i) =>
      expect(m.metrics.rateNats).toBeCloseTo((one.report.models[i] as typeof m).metrics.rateNats, 5),
    );
    expect(two.report.models.at(-1)?.objective).toMatchObject({ kind: 'beta', beta: 0.4 });
  });

  it('Figure 2 (hand models and trained ones) trains the same on a pool', async () => {
    const fig = { ...DEFAULT_SETTINGS, family: 'tabular' as const };
    const a = await snapshotAfter(1, fig, [5, 5]);
    const b = await snapshotAfter(2, fig, [5, 5]);
    expect(b.workers).toBe(2);
    expect(maxDiff(a.snap, b.snap)).toBeLessThan(1e-6);
    expect(b.report.models.map((m) => m.id)).toEqual(a.report.models.map((m) => m.id));
  });

  it('two Gaussians train the same on a pool', async () => {
    const gauss = { ...DEFAULT_SETTINGS, preset: 'two-gaussians' as const, learningRate: 1e-3 };
    const c = await snapshotAfter(1, gauss, [3, 3]);
    const d = await snapshotAfter(2, gauss, [3, 3]);
    expect(d.workers).toBe(2);
    expect(maxDiff(c.snap, d.snap)).toBeLessThan(1e-6);
  });

  it('image β sweep: a pool of 2 trains what one worker trains', async () => {
    const tiny = TINY_IMAGES;
    const one = await snapshotAfter(1, tiny, [2, 2], strokes());
    const two = await snapshotAfter(2, tiny, [2, 2], strokes());
    expect(two.workers).toBe(2);
    expect(maxDiff(one.snap, two.snap)).toBeLessThan(1e-6);
    expect(two.report.models.map((m) => m.id)).toEqual(one.report.models.map((m) => m.id));
  });

  it('image models edited on a pool: a copy starts from its source, kept models go on, as in one worker', async () => {
    const tiny = TINY_IMAGES;
    const results: TrainerSnapshot[] = [];
    for (const pool of [1, 2]) {
      const { h, last, init } = host(pool, strokes());
      await init();
      await h.dispatch({ type: 'configure', experiment: buildExperiment(tiny).config, play: false, restore: false });
      await h.dispatch({ type: 'step', count: 2 });
      const edited = buildExperiment({
        ...tiny,
        runs: {
          extra: [
            { id: 'c1', from: 'r2', kind: 'beta', value: 0.05 },
            { id: 'n1', from: '', kind: 'beta', value: 2 },
          ],
          removed: ['r4'],
        },
      }).config;
      await h.dispatch({ type: 'edit-models', experiment: edited, copies: [{ id: 'c1', from: 'r2' }] });
      await h.dispatch({ type: 'step', count: 2 });
      expect(last('report')?.models.map((m) => m.id)).toEqual(edited.models.map((m) => m.id));
      results.push((await h.session.saves.currentRecord())?.snapshot as TrainerSnapshot);
      h.session.dispose();
    }
    expect(maxDiff(results[0] as TrainerSnapshot, results[1] as TrainerSnapshot)).toBeLessThan(1e-6);
  });

  it('playing on a pool: every report is of the step it names (the loop queues the next chunk before it reads back)', async () => {
    const settings = { ...DEFAULT_SETTINGS, preset: 'beta-sweep' as const, family: 'tabular' as const };
    const experiment = buildExperiment(settings).config;
    const { h, messages, init } = host(2);
    await init();
    await h.dispatch({ type: 'configure', experiment, play: false, restore: false });
    const playing = h.dispatch({ type: 'play' });
    const reports = () =>
      messages.filter((m): m is Extract<FromWorker, { type: 'report' }> => m.type === 'report' && m.step > 0);
    while (reports().length < 3) await new Promise((r) => setTimeout(r, 20));
    await h.dispatch({ type: 'pause' });
    await playing;
    const played = reports().slice(0, 3);
    expect(new Set(played.map((r) => r.step)).size).toBe(3);
    h.session.dispose();
    // One worker stepped to each reported step must read what the pool reported there.
    for (const r of played) {
      const one = host(1);
      await one.init();
      await one.h.dispatch({ type: 'configure', experiment, play: false, restore: false });
      for (let left = r.step; left > 0; left -= 2000)
        await one.h.dispatch({ type: 'step', count: Math.min(2000, left) });
      const ref = one.last('report') as Extract<FromWorker, { type: 'report' }>;
      expect(ref.step).toBe(r.step);
      r.models.forEach((m, i) =>
        expect(m.metrics.rateNats).toBeCloseTo((ref.models[i] as typeof m).metrics.rateNats, 5),
      );
      one.h.session.dispose();
    }
  });

  it('a crashed pool worker is replaced: its models continue from the last save, the other pool worker loses nothing', async () => {
    const settings = { ...DEFAULT_SETTINGS, preset: 'beta-sweep' as const, family: 'tabular' as const };
    const { h, messages, started, init } = host(2);
    await init();
    await h.dispatch({ type: 'configure', experiment: buildExperiment(settings).config, play: false, restore: false });
    await h.dispatch({ type: 'step', count: 5 });
    await h.session.save();
    const saved = (await h.session.saves.currentRecord())?.snapshot as Extract<TrainerSnapshot, { kind: 'toy' }>;
    await h.dispatch({ type: 'step', count: 5 });
    const before = (await h.session.saves.currentRecord())?.snapshot as Extract<TrainerSnapshot, { kind: 'toy' }>;
    expect(started.count).toBe(2);
    await h.dispatch({ type: 'debug', request: { kind: 'crash', poolWorker: 1 } });
    // The replacement says so in a notice once its models are back: wait for it, not for a fixed time.
    const replaced = (): boolean =>
      messages.some((m) => m.type === 'notice' && /Pool worker 2 of 2 stopped/.test(m.message));
    for (let t = 0; t < 200 && !replaced(); t++) await new Promise((r) => setTimeout(r, 50));
    const after = (await h.session.saves.currentRecord())?.snapshot as Extract<TrainerSnapshot, { kind: 'toy' }>;
    expect(started.count).toBe(3);
    const P = before.population.objectives.length;
    const per = (before.population.params[0] as Float32Array).length / P;
    const half = Math.ceil(P / 2);
    const rows = (s: typeof before, from: number, to: number) =>
      Array.from((s.population.params[0] as Float32Array).slice(from * per, to * per));
    expect(rows(after, 0, half)).toEqual(rows(before, 0, half)); // poolWorker 0: nothing lost
    expect(rows(after, half, P)).toEqual(rows(saved, half, P)); // poolWorker 1: back to the save
    expect(messages.some((m) => m.type === 'notice' && /Pool worker 2 of 2 stopped/.test(m.message))).toBe(true);
    // And it trains on.
    await h.dispatch({ type: 'step', count: 2 });
    expect(h.session.step).toBe(12);
    h.session.dispose();
  });

  it('set-pool moves a running experiment between 1 and 2 workers: same step and weights', async () => {
    const settings = { ...DEFAULT_SETTINGS, preset: 'beta-sweep' as const, family: 'smooth' as const };
    const { h, last, init } = host(1);
    await init();
    await h.dispatch({ type: 'configure', experiment: buildExperiment(settings).config, play: false, restore: false });
    await h.dispatch({ type: 'step', count: 4 });
    const before = (await h.session.saves.currentRecord())?.snapshot as TrainerSnapshot;
    await h.dispatch({ type: 'set-pool', size: 2 });
    expect(last('pool')).toMatchObject({ workers: 2, requested: 2, auto: 7, available: true });
    const moved = (await h.session.saves.currentRecord())?.snapshot as TrainerSnapshot;
    expect(maxDiff(before, moved)).toBe(0);
    await h.dispatch({ type: 'step', count: 3 });
    await h.dispatch({ type: 'set-pool', size: 1 });
    expect(last('pool')?.workers).toBe(1);
    expect(h.session.step).toBe(7);
    // Memory: the coordinator answers with each pool worker's (none once back on one worker).
    await h.dispatch({ type: 'debug', request: { kind: 'memory' } });
    const reply = last('debug-reply')?.reply;
    expect(reply?.kind === 'memory' && reply.memory.poolWorkers).toEqual([]);
    h.session.dispose();
  });

  it('a pool that takes every core reports half as often (the page draws less); one that leaves a core reports every 100 ms', async () => {
    const settings = { ...DEFAULT_SETTINGS, preset: 'beta-sweep' as const, family: 'tabular' as const };
    for (const [pool, cores, reportMs] of [
      [2, 8, 100],
      [2, 2, 200],
      [1, 1, 200],
      [1, 2, 100],
    ] as const) {
      const { h, last, messages, postedAt, init } = host(pool, null, cores);
      await init();
      await h.dispatch({
        type: 'configure',
        experiment: buildExperiment(settings).config,
        play: false,
        restore: false,
      });
      expect(last('pool')).toMatchObject({ workers: pool, reportMs });
      const before = messages.length;
      const playing = h.dispatch({ type: 'play' });
      // Times taken when each report is posted (polling for them bunched reports together on a busy machine).
      const reports = () =>
        messages.flatMap((m, i) => (i >= before && m.type === 'report' ? [postedAt[i] as number] : []));
      while (reports().length < 7) await new Promise((r) => setTimeout(r, 5));
      const t = reports();
      await h.dispatch({ type: 'pause' });
      await playing;
      // After the first two (one sent at once on play), reports come on average at least the interval apart
      // (each is timed from the start of the one before; a read-back's length moves single gaps).
      const mean = ((t[6] as number) - (t[2] as number)) / 4;
      expect(mean).toBeGreaterThanOrEqual(0.9 * reportMs);
      h.session.dispose();
    }
  });
});
