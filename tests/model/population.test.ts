import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE, MULTIPLIER_CLIP, type ObjectiveSettings } from '../../src/math/objective';
import { toyProblem } from '../../src/math/toyData';
import { ToyPopulation } from '../../src/model/toyPopulation';
import { modelMetrics, tablesOf } from '../../src/model/toyReport';
import { useCpu } from './setup';

beforeAll(useCpu);

const obj = (patch: Partial<ObjectiveSettings>): ObjectiveSettings => ({ ...DEFAULT_OBJECTIVE, ...patch });
const ALL_KINDS: ObjectiveSettings[] = [
  obj({ kind: 'elbo' }),
  obj({ kind: 'beta', beta: 0.3 }),
  obj({ kind: 'anneal', beta: 2, annealSteps: 50 }),
  obj({ kind: 'target-penalty', targetRateNats: 1 }),
  obj({ kind: 'target-lagrange', targetRateNats: 1 }),
];

describe('ToyPopulation', () => {
  it.each([
    'tabular',
    'smooth',
  ] as const)('%s: tensor count flat over 60 steps with reads, edits, a fault, the end of anneal', async (family) => {
    const start = tf.memory().numTensors;
    const pop = new ToyPopulation({ family, objectives: ALL_KINDS, seed: 3, learningRate: 0.01 });
    pop.train(2);
    await pop.readState();
    await pop.readLogTables();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 10; k++) {
      pop.setObjective(1, obj({ kind: 'beta', beta: 0.3 + k / 10 }));
      if (k === 5) pop.injectNaN(0);
      pop.train(6);
      await pop.readState();
      await pop.readLogTables();
    }
    // Past step 50, where the anneal objective reaches its β.
    expect(pop.step).toBe(62);
    expect(tf.memory().numTensors).toBe(before);
    expect(pop.isActive(0)).toBe(false);
    pop.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('disposes everything it created', () => {
    const before = tf.memory().numTensors;
    const pop = new ToyPopulation({ family: 'smooth', objectives: ALL_KINDS, seed: 1, learningRate: 0.01 });
    pop.train(3);
    pop.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('same seed → identical numbers; another seed → different ones', async () => {
    const run = async (seed: number): Promise<Float32Array> => {
      const pop = new ToyPopulation({ family: 'tabular', objectives: ALL_KINDS, seed, learningRate: 0.01 });
      pop.train(20);
      const { state } = await pop.readState();
      pop.dispose();
      return state.rateNats;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
  });

  it('a NaN pauses only that model, which keeps its last finite parameters', async () => {
    const pop = new ToyPopulation({
      family: 'tabular',
      objectives: [obj({ kind: 'elbo' }), obj({ kind: 'beta', beta: 0.5 })],
      seed: 1,
      learningRate: 0.01,
    });
    pop.train(10);
    await pop.readState();
    const good = await pop.readParams();
    pop.injectNaN(0);
    pop.train(5);
    const { faults } = await pop.readState();
    expect(faults).toEqual([{ index: 0, quantity: 'parameters', step: 15 }]);
    expect(pop.isActive(0)).toBe(false);
    expect(pop.isActive(1)).toBe(true);
    const after = await pop.readParams();
    // Model 0's rows (first half of each tensor) are restored exactly; all values finite.
    for (let t = 0; t < after.length; t++) {
      const half = (after[t] as Float32Array).length / 2;
      expect(Array.from((after[t] as Float32Array).slice(0, half))).toEqual(
        Array.from((good[t] as Float32Array).slice(0, half)),
      );
      expect((after[t] as Float32Array).every(Number.isFinite)).toBe(true);
    }
    // Frozen model stays put while the other trains on.
    const s1 = (await pop.readState()).state;
    pop.train(20);
    const s2 = (await pop.readState()).state;
    expect(s2.rateNats[0]).toBe(s1.rateNats[0]);
    expect(s2.distortionNats[1]).not.toBe(s1.distortionNats[1]);
    pop.dispose();
  });

  it('rejects invalid inputs', () => {
    expect(() => new ToyPopulation({ family: 'tabular', objectives: [], seed: 1, learningRate: 0.01 })).toThrow();
    expect(
      () => new ToyPopulation({ family: 'tabular', objectives: ALL_KINDS, seed: 1, learningRate: Number.NaN }),
    ).toThrow();
    const pop = new ToyPopulation({ family: 'tabular', objectives: ALL_KINDS, seed: 1, learningRate: 0.01 });
    expect(() => pop.setObjective(9, ALL_KINDS[0] as ObjectiveSettings)).toThrow();
    expect(() => pop.setLearningRate(-1)).toThrow();
    pop.dispose();
  });
});

describe('convergence (short versions of the acceptance runs)', () => {
  // 3,000 steps: on wasm (about 10× faster than the cpu backend for this step; the same model code).
  beforeAll(async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  it('tabular: ELBO autodecodes, the multiplier holds σ, the penalty overshoots less precisely', async () => {
    const objectives = [
      obj({ kind: 'elbo' }),
      obj({ kind: 'target-lagrange', targetRateNats: 0.5 }),
      obj({ kind: 'target-lagrange', targetRateNats: 2 }),
      obj({ kind: 'beta', beta: 0.5 }),
    ];
    const pop = new ToyPopulation({ family: 'tabular', objectives, seed: 1, learningRate: 0.01 });
    pop.train(3000);
    const { state } = await pop.readState();
    const tables = await pop.readLogTables();
    const problem = toyProblem();
    const m = objectives.map((o, i) =>
      modelMetrics(problem, tablesOf(tables, i), o, pop.step, state.multiplier[i] as number),
    );
    const [elbo, t05, t2, b05] = m as [(typeof m)[0], (typeof m)[0], (typeof m)[0], (typeof m)[0]];
    expect(elbo.rateNats).toBeLessThan(0.02);
    expect(Math.abs(elbo.negElboNats - problem.entropyNats)).toBeLessThan(0.002);
    expect(elbo.classInfoNats).toBeLessThan(0.01);
    expect(Math.abs(t05.rateNats - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(t2.rateNats - 2)).toBeLessThan(0.01);
    for (const x of [t05, t2]) expect(Math.abs(x.multiplier)).toBeLessThan(MULTIPLIER_CLIP);
    // β < 1 on the flat D = H − R frontier drives the model to autoencode: R moves well above 1 nat.
    expect(b05.rateNats).toBeGreaterThan(1.5);
    pop.dispose();
  });
});

describe('snapshot', () => {
  it('export → rebuild continues training bit-for-bit as if nothing happened', async () => {
    const objectives = [
      obj({ kind: 'target-lagrange', targetRateNats: 0.7 }),
      obj({ kind: 'anneal', beta: 2, annealSteps: 40 }),
    ];
    const a = new ToyPopulation({ family: 'smooth', objectives, seed: 4, learningRate: 0.01 });
    const b = new ToyPopulation({ family: 'smooth', objectives, seed: 4, learningRate: 0.01 });
    a.train(15);
    b.train(15);
    const snap = await b.exportState();
    b.dispose();
    const c = ToyPopulation.fromSnapshot(snap);
    expect(c.step).toBe(15);
    a.train(25);
    c.train(25);
    expect(await c.readParams()).toEqual(await a.readParams());
    expect((await c.readState()).state.multiplier).toEqual((await a.readState()).state.multiplier);
    a.dispose();
    c.dispose();
  });
  it('rejects a snapshot of the wrong shape', async () => {
    const a = new ToyPopulation({ family: 'tabular', objectives: [obj({})], seed: 1, learningRate: 0.01 });
    const snap = await a.exportState();
    a.dispose();
    expect(() => ToyPopulation.fromSnapshot({ ...snap, family: 'smooth' })).toThrow();
  });
});

describe('conditional work in the step', () => {
  it('a β model trains identically whether or not its population also computes R for target objectives', async () => {
    const beta = obj({ kind: 'beta', beta: 0.5 });
    const alone = new ToyPopulation({ family: 'tabular', objectives: [beta], seed: 9, learningRate: 0.01 });
    const mixed = new ToyPopulation({
      family: 'tabular',
      objectives: [beta, obj({ kind: 'target-lagrange', targetRateNats: 1 })],
      seed: 9,
      learningRate: 0.01,
    });
    alone.train(30);
    mixed.train(30);
    const a = await alone.readParams();
    const m = await mixed.readParams();
    a.forEach((t, i) => {
      const first = (m[i] as Float32Array).slice(0, t.length);
      for (let k = 0; k < t.length; k++) expect(Math.abs((t[k] as number) - (first[k] as number))).toBeLessThan(1e-6);
    });
    alone.dispose();
    mixed.dispose();
  });
});
