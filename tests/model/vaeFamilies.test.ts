/**
 * Every one of the 16 families on the wasm backend (the app's usual one), on tiny 7 × 7 images and
 * 2-D codes (vaeFixtures.ts): trains and lowers the held-out −ELBO, IWAE ≤ −ELBO on the same
 * samples, grids, and a tensor count that stays flat over 60 steps with reads and an objective edit.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../../src/math/objective';
import { evaluateHeldOut } from '../../src/model/vae/evaluate';
import { reconstructionGrid, sampleGrid } from '../../src/model/vae/images';
import { VaeModel } from '../../src/model/vae/vaeModel';
import { matMul, matMulDataInput } from '../../src/model/vae/matMul';
import { FAMILIES, familyName, images, PIXELS } from './vaeFixtures';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
});

const obj = (o: Partial<ObjectiveSettings>): ObjectiveSettings => ({ ...DEFAULT_OBJECTIVE, ...o });

describe('matMul with hand-written gradients (wasm: transposes first)', () => {
  it('value and gradients equal tfjs autodiff; the data-input variant gives the same weight gradient', async () => {
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const dy = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
    const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), dy));
    const [ga, gb] = tf.grads(loss(matMul))([a, b]);
    const [ra, rb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
    const [, gb2] = tf.grads(loss(matMulDataInput))([a, b]);
    const diff = (x: tf.Tensor, y: tf.Tensor): number => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0] as number;
    expect(diff(matMul(a, b), tf.matMul(a, b))).toBeLessThan(1e-5);
    expect(diff(ga as tf.Tensor, ra as tf.Tensor)).toBeLessThan(1e-4);
    expect(diff(gb as tf.Tensor, rb as tf.Tensor)).toBeLessThan(1e-4);
    expect(diff(gb2 as tf.Tensor, rb as tf.Tensor)).toBeLessThan(1e-4);
  });
});

describe('image families on wasm', () => {
  it.each(
    FAMILIES.map((a) => [familyName(a), a] as const),
  )('%s: trains, held-out −ELBO falls, IWAE-k ≤ k-sample −ELBO, grids, no tensor leaks', async (_name, arch) => {
    const start = tf.memory().numTensors;
    const imgs = images();
    const run = new VaeModel({
      arch,
      objective: obj({ kind: 'target-lagrange', targetRateNats: 2 }),
      seed: 3,
      learningRate: 3e-3,
      batchSize: 4,
      dataDims: PIXELS,
    });
    const heldOptions = { iwaeSamples: 5, iwaeImages: 6, miImages: 8, seed: 2 };
    const untrained = await evaluateHeldOut(run.vae, imgs, heldOptions);
    run.train(imgs, 3);
    const st = await run.readState();
    expect(Number.isFinite(st.rateNats) && Number.isFinite(st.distortionNats)).toBe(true);
    // Tensor count flat over many steps, with reads and an objective edit on the way (a leak of even one tensor per
    // step or per read would show).
    const before = tf.memory().numTensors;
    for (let k = 0; k < 10; k++) {
      run.train(imgs, 6);
      if (k === 4) run.setObjective(obj({ kind: 'beta', beta: 0.7 }));
      await run.readState();
    }
    expect(run.step).toBe(63);
    expect(tf.memory().numTensors).toBe(before);
    // Training lowered the loss: the held-out −ELBO (same images, same noise) is below the untrained model's.
    const held = await evaluateHeldOut(run.vae, imgs, heldOptions);
    expect(held.heldOutNegElboNats).toBeLessThan(0.9 * untrained.heldOutNegElboNats);
    expect(held.iwaeNats).toBeLessThanOrEqual(held.iwaeNegElboNats + 1e-3);
    expect(held.miEstimateNats).toBeLessThanOrEqual(held.miCeilingNats + 1e-4);
    // A count of latent dimensions: an integer in [0, L] (it was only checked to be ≥ 0, which any number passes).
    expect(Number.isInteger(held.activeUnits)).toBe(true);
    expect(held.activeUnits).toBeGreaterThanOrEqual(0);
    expect(held.activeUnits).toBeLessThanOrEqual(arch.latentDim);
    const r = await reconstructionGrid(run.vae, imgs.heldOut, 2, 2, 1);
    const s = await sampleGrid(run.vae, 2, 2, 1);
    expect([r?.rows, r?.columns, r?.data.length]).toEqual([2, 3, 2 * 3 * PIXELS]);
    expect([s?.rows, s?.columns]).toEqual([2, 2]);
    expect(Array.from(r?.data ?? []).every((v) => v >= 0 && v <= 1)).toBe(true);
    run.dispose();
    imgs.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
