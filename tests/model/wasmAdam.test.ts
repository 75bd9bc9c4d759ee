/**
 * Adam on the wasm heap (model/wasmAdam.ts) against the elementwise adamUpdate on the same
 * backend: same numbers within a float32 rounding, per-model step sizes (0 freezes a model),
 * shared data (a clone) left untouched, and no tensor leak; and a toy population trained 200
 * steps either way ends at the same parameters (at a learning rate of 0.01: at 0.05 the dynamics
 * amplify float32 roundings, and cpu and wasm differ by 1e-2 after 200 steps too).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { adamUpdate, createAdamConstants, createAdamSlot } from '../../src/model/adam';
import { fusedAdamSwitch } from '../../src/model/fusedAdam';
import { ToyPopulation } from '../../src/model/toyPopulation';
import { wasmAdamAvailable, wasmAdamUpdate } from '../../src/model/wasmAdam';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
});

const maxDiff = (a: Float32Array, b: Float32Array): number =>
  a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);

describe('Adam on the wasm heap', () => {
  it('runs on wasm only, and not when fused updates are switched off', () => {
    expect(wasmAdamAvailable()).toBe(true);
    fusedAdamSwitch.enabled = false;
    expect(wasmAdamAvailable()).toBe(false);
    fusedAdamSwitch.enabled = true;
  });

  it('equals the elementwise update over 20 steps, per-model step sizes, a frozen model, a shared parameter', async () => {
    const P = 3;
    const shape = [P, 4, 5];
    const init = tf.randomNormal(shape, 0, 1, 'float32', 7);
    const start = init.dataSync().slice() as Float32Array;
    const sizes = [0.01, 0.003, 0];
    const run = (fused: boolean) => {
      const param = tf.variable(init); // shares init's data: the first update must copy
      const slot = createAdamSlot(shape);
      const k = createAdamConstants();
      const kept = param.clone(); // shares the parameter's data: must not move
      for (let t = 1; t <= 20; t++) {
        tf.tidy(() => {
          const grad = tf.sin(tf.add(tf.mul(param, 3), t));
          if (fused) wasmAdamUpdate(param, grad, slot, sizes);
          else adamUpdate(param, grad, slot, tf.tensor3d(sizes, [P, 1, 1]), k);
        });
      }
      const out = [param, slot.m, slot.v, kept].map((x) => x.dataSync() as Float32Array);
      [param, slot.m, slot.v, kept, ...Object.values(k)].forEach((x) => x.dispose());
      return out;
    };
    const before = tf.memory().numTensors;
    const fused = run(true);
    expect(tf.memory().numTensors).toBe(before);
    const plain = run(false);
    expect(maxDiff(init.dataSync() as Float32Array, start)).toBe(0);
    for (let i = 0; i < 3; i++) expect(maxDiff(fused[i] as Float32Array, plain[i] as Float32Array)).toBeLessThan(1e-5);
    expect(maxDiff(fused[3] as Float32Array, start)).toBe(0); // the clone kept the initial values
    expect(maxDiff((fused[0] as Float32Array).slice(0, 20), start.slice(0, 20))).toBeGreaterThan(0.01); // model 0 moved
    // model 1 too
    expect(maxDiff((fused[0] as Float32Array).slice(20, 40), start.slice(20, 40))).toBeGreaterThan(0.001);
    expect(maxDiff((fused[0] as Float32Array).slice(40), start.slice(40))).toBe(0); // model 2 (step size 0) is frozen
    init.dispose();
  });

  it('a toy population ends at the same parameters after 200 steps either way', async () => {
    const objectives = [0.2, 1, 3].map((beta) => ({ ...DEFAULT_OBJECTIVE, beta }));
    const train = async (fused: boolean) => {
      fusedAdamSwitch.enabled = fused;
      const pop = new ToyPopulation({ family: 'tabular', objectives, seed: 5, learningRate: 0.01 });
      pop.train(100);
      await pop.readState(); // clones the parameters as the last finite ones: the shared-data path
      pop.train(100);
      const params = await pop.readParams();
      pop.dispose();
      fusedAdamSwitch.enabled = true;
      return params;
    };
    const a = await train(true);
    const b = await train(false);
    a.forEach((x, i) => expect(maxDiff(x, b[i] as Float32Array)).toBeLessThan(1e-4));
  });
});
