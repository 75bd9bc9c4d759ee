/**
 * The worker's message handling (WorkerHost) in Node, driven by the same messages the page sends:
 * the experiment in force is the session's, so Reset keeps edited objectives, and every change is
 * reported back with the objective the trainer sanitised.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { useCpu } from '../model/setup';
import { strokeImages, testHost, TINY_IMAGES } from './hostFixture';

beforeAll(useCpu);

const host = testHost;

describe('WorkerHost', () => {
  it('Reset after an objective edit trains the edited objective (it used to rebuild the old one)', async () => {
    const { h, last } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    await h.dispatch({
      type: 'set-objective',
      modelId: 'target',
      objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.3 },
      version: 1,
    });
    await h.dispatch({ type: 'step', count: 5 });
    await h.dispatch({ type: 'reset' });
    expect(last('report')?.step).toBe(0);
    await h.dispatch({ type: 'step', count: 3 });
    const r = last('report');
    expect(r?.step).toBe(3);
    const target = r?.models.find((m) => m.id === 'target');
    expect(target?.objective).toMatchObject({ kind: 'beta', beta: 0.3 });
    expect(target?.metrics.betaEffective).toBeCloseTo(0.3, 6);
    expect(last('experiment')?.experiment.models.find((m) => m.id === 'target')?.objective.kind).toBe('beta');
    h.session.dispose();
  });

  it('reports the objective as the trainer sanitised it, and the learning rate in force', async () => {
    const { h, last } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    // The toy cannot train InfoVAE (no batch of codes): its trainer makes it ELBO, and the report says so.
    await h.dispatch({
      type: 'set-objective',
      modelId: 'target',
      objective: { ...DEFAULT_OBJECTIVE, kind: 'infovae', beta: 99 },
      version: 2,
    });
    await h.dispatch({ type: 'set-learning-rate', learningRate: 0.003 });
    await h.dispatch({ type: 'step', count: 1 });
    const inForce = last('experiment');
    expect(inForce?.version).toBe(2);
    const target = inForce?.experiment.models.find((m) => m.id === 'target')?.objective;
    expect(target?.kind).toBe('elbo');
    expect(target?.beta).toBe(20);
    expect(inForce?.experiment.learningRate).toBe(0.003);
    expect(last('report')?.models.find((m) => m.id === 'target')?.objective?.kind).toBe('elbo');
    h.session.dispose();
  });

  it('immediate messages act while a queued one waits; queued ones wait their turn', async () => {
    // An init (a queued message) whose backend choice does not finish until the test lets it: a slow handler in flight.
    let chooseNow: () => void = () => {};
    const chosen = new Promise<void>((resolve) => {
      chooseNow = resolve;
    });
    const choice = {
      backend: 'cpu' as const,
      reason: 'test',
      adapter: null,
      timings: [],
      provisional: false,
      probe: [],
      situation: 'test',
    };
    const { h, messages } = host(null, { chooseBackend: () => chosen.then(() => choice) });
    const types = () => messages.map((m) => m.type);
    const init = h.dispatch({
      type: 'init',
      backend: 'cpu',
      cached: null,
      assetBase: 'http://localhost/data/',
      workload: 'vae',
    });
    // A queued message sent after it must wait for it.
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    const configured = h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    // An immediate one acts at once: its promise settles (and its reply is posted) while the init is in flight. Were
    // it queued, it would wait behind the init, which waits for the test: 'waited'.
    const acted = await Promise.race([
      h.dispatch({ type: 'get-history' }).then(() => 'acted'),
      new Promise((r) => setTimeout(() => r('waited'), 500)),
    ]);
    expect(acted).toBe('acted');
    expect(types()).toContain('history');
    expect(types()).not.toContain('backend');
    expect(types()).not.toContain('experiment');
    chooseNow();
    await init;
    await configured;
    // The immediate reply first, then the queued ones in the order they were sent: init's backend, then the experiment.
    const order = types().filter((t) => t === 'history' || t === 'backend' || t === 'experiment');
    expect(order.slice(0, 2)).toEqual(['history', 'backend']);
    expect(order).toContain('experiment');
    h.session.dispose();
  });

  it('an unknown model gives an error message, not a crash', async () => {
    const { h, messages } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    await h.dispatch({ type: 'set-objective', modelId: 'nope', objective: DEFAULT_OBJECTIVE, version: 3 });
    expect(messages.some((m) => m.type === 'error' && /nope/.test(m.message))).toBe(true);
    await h.dispatch({ type: 'step', count: 1 });
    expect(messages.filter((m) => m.type === 'report').at(-1)?.step).toBe(1);
    h.session.dispose();
  });
});

describe('WorkerHost with image and 1-D experiments', () => {
  /** Tiny synthetic digits (strokes) as the user's own images. */
  const strokes = () => strokeImages(40);
  const tinyImages = TINY_IMAGES;

  it(
    'image models: Reset keeps an edited objective; a copy joins ' +
      'with its own β while the edited source keeps its objective',
    async () => {
      const { h, last } = host(strokes());
      const { config } = buildExperiment(tinyImages);
      await h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
      await h.dispatch({ type: 'step', count: 2 });
      await h.dispatch({
        type: 'set-objective',
        modelId: 'r2',
        objective: { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 7 },
        version: 1,
      });
      await h.dispatch({ type: 'reset' });
      await h.dispatch({ type: 'step', count: 2 });
      expect(last('report')?.models.find((m) => m.id === 'r2')?.objective).toMatchObject({
        kind: 'target-lagrange',
        targetRateNats: 7,
      });
      const edited = buildExperiment({
        ...tinyImages,
        runs: { extra: [{ id: 'c1', from: 'r2', kind: 'beta', value: 0.05 }], removed: ['r4'] },
      }).config;
      await h.dispatch({ type: 'edit-models', experiment: edited, copies: [{ id: 'c1', from: 'r2' }] });
      const inForce = last('experiment')?.experiment;
      expect(inForce?.models.map((m) => m.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'c1']);
      expect(inForce?.models.find((m) => m.id === 'r2')?.objective.kind).toBe('target-lagrange');
      expect(inForce?.models.find((m) => m.id === 'c1')?.objective).toMatchObject({ kind: 'beta', beta: 0.05 });
      await h.dispatch({ type: 'step', count: 1 });
      expect(last('report')?.models.map((m) => m.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'c1']);
      h.session.dispose();
    },
  );

  it('two Gaussians: an edited objective survives Reset and is reported with its MI cap', async () => {
    const { h, last } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'two-gaussians', learningRate: 1e-3 });
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    await h.dispatch({
      type: 'set-objective',
      modelId: 'low',
      objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.25, rateConstraint: 'le', targetRateNats: 1 },
      version: 4,
    });
    await h.dispatch({ type: 'reset' });
    await h.dispatch({ type: 'step', count: 2 });
    expect(last('report')?.models.find((m) => m.id === 'low')?.objective).toMatchObject({
      kind: 'beta',
      beta: 0.25,
      rateConstraint: 'le',
      targetRateNats: 1,
    });
    expect(last('report')?.step).toBe(2);
    h.session.dispose();
  });
});

describe('WorkerHost pause during configure', () => {
  it('a pause sent while a configure is still building wins over its autoplay', async () => {
    const { h, messages } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    const configured = h.dispatch({ type: 'configure', experiment: config, play: true, restore: false });
    await h.dispatch({ type: 'pause' });
    await configured;
    await new Promise((r) => setTimeout(r, 50));
    expect(h.session.isRunning).toBe(false);
    expect(messages.filter((m) => m.type === 'status').at(-1)).toMatchObject({ phase: 'paused' });
    h.session.dispose();
  });
});

describe('WorkerHost play queued before a pause', () => {
  it('a play waiting behind a configure does not undo a pause sent after it', async () => {
    const { h, messages } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    const configured = h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    const played = h.dispatch({ type: 'play' });
    await h.dispatch({ type: 'pause' });
    await configured;
    await played;
    await new Promise((r) => setTimeout(r, 50));
    expect(h.session.isRunning).toBe(false);
    expect(h.session.step).toBe(0);
    expect(messages.filter((m) => m.type === 'status').at(-1)).toMatchObject({ phase: 'paused' });
    // A play sent after the pause still plays.
    await h.dispatch({ type: 'play' });
    await new Promise((r) => setTimeout(r, 50));
    expect(h.session.isRunning).toBe(true);
    await h.dispatch({ type: 'pause' });
    h.session.dispose();
  });
});

describe('WorkerHost switching backends', () => {
  it('switch-backend cpu → wasm keeps the step and the numbers, and training goes on', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    const { h, last } = host();
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: false });
    await h.dispatch({ type: 'step', count: 7 });
    const before = last('report');
    await h.dispatch({
      type: 'switch-backend',
      choice: {
        backend: 'wasm',
        reason: 'test',
        adapter: null,
        timings: [],
        provisional: false,
        probe: [],
        situation: 'test',
      },
    });
    expect(last('backend')?.choice.backend).toBe('wasm');
    const after = last('report');
    expect(after?.step).toBe(7);
    for (const m of before?.models ?? []) {
      const a = after?.models.find((x) => x.id === m.id);
      expect(Math.abs((a?.metrics.rateNats ?? Number.NaN) - m.metrics.rateNats)).toBeLessThan(1e-5);
      expect(Math.abs((a?.metrics.distortionNats ?? Number.NaN) - m.metrics.distortionNats)).toBeLessThan(1e-5);
    }
    await h.dispatch({ type: 'step', count: 3 });
    expect(last('report')?.step).toBe(10);
    h.session.dispose();
    await useCpu();
  });
});
