/**
 * The full test evaluation: IWAE-k recomputed here from the model's log-weights with a plain
 * log-mean-exp, the one-sample −ELBO = R + D, k = 1 gives IWAE = MC −ELBO, progress and cancel,
 * the test range (test set, or validation when there is none), and no tensor leak.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitImages } from '../../src/data/binaryImages';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { ImageTensors } from '../../src/model/vae/imageTensors';
import { evaluateTest } from '../../src/model/vae/testEvaluation';
import { stepSeed } from '../../src/model/vae/stepSeed';
import { VaeModel } from '../../src/model/vae/vaeModel';
import { images, PIXELS, SIDE, tiny } from './vaeFixtures';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
});

const model = (decoder: '-' | '+' = '-') =>
  new VaeModel({
    arch: tiny('-', decoder, '-'),
    objective: DEFAULT_OBJECTIVE,
    seed: 3,
    learningRate: 1e-3,
    batchSize: 8,
    dataDims: PIXELS,
  });

/** A set with a test set: 30 train, 10 validation, 12 test. */
function withTest(): ImageTensors {
  const n = 52;
  const pixels = Uint8Array.from({ length: n * PIXELS }, (_, i) =>
    i % SIDE === Math.floor(i / PIXELS) % SIDE ? 1 : 0,
  );
  return new ImageTensors(
    splitImages({
      pixels,
      labels: new Uint8Array(n),
      width: SIDE,
      height: SIDE,
      trainCount: 30,
      testCount: 12,
      seed: 1,
    }),
  );
}

describe('full test evaluation', () => {
  it('IWAE-k equals a plain log-mean-exp of the log-weights; −ELBO = R + D; IWAE ≤ MC −ELBO', async () => {
    const run = model();
    const imgs = withTest();
    expect(imgs.testRange).toEqual({ start: 40, count: 12, kind: 'test' });
    const k = 7;
    const t = await evaluateTest(run.vae, imgs, { k, seed: 5, rowsPerPass: 1000 });
    if (!t) throw new Error('no result');
    // The same draws: one chunk (all 12 images) with the log-weights' noise of chunk 0, pass 0.
    const logW = tf.tidy(() =>
      run.vae.logWeights(
        imgs.batch(Int32Array.from({ length: 12 }, (_, i) => 40 + i)),
        tf.randomNormal([k, 12, 2], 0, 1, 'float32', stepSeed(5, 6_000_000)) as tf.Tensor3D,
      ),
    );
    const w = (await logW.array()) as number[][];
    logW.dispose();
    let iwae = 0;
    let mc = 0;
    for (let i = 0; i < 12; i++) {
      const col = w.map((r) => r[i] as number);
      const mx = Math.max(...col);
      iwae -= mx + Math.log(col.reduce((a, v) => a + Math.exp(v - mx), 0) / k);
      mc -= col.reduce((a, v) => a + v, 0) / k;
    }
    expect(t.iwaeNats).toBeCloseTo(iwae / 12, 3);
    expect(t.iwaeNegElboNats).toBeCloseTo(mc / 12, 3);
    expect(t.negElboNats).toBeCloseTo(t.rateNats + t.distortionNats, 4);
    expect(t.iwaeNats).toBeLessThanOrEqual(t.iwaeNegElboNats + 1e-4);
    expect([t.set, t.images, t.k]).toEqual(['test', 12, 7]);
    run.dispose();
    imgs.dispose();
  });

  it('k = 1: IWAE is the MC −ELBO; k split over passes gives one pass’s numbers; no leaked tensors', async () => {
    const run = model();
    const imgs = images();
    const before = tf.memory().numTensors;
    const one = await evaluateTest(run.vae, imgs, { k: 1, seed: 2 });
    expect(one?.iwaeNats).toBeCloseTo(one?.iwaeNegElboNats ?? NaN, 4);
    // 40 samples in passes of 16 codes: 1 image per chunk, 3 passes per image.
    const split = await evaluateTest(run.vae, imgs, { k: 40, seed: 2, rowsPerPass: 16 });
    expect(split?.set).toBe('validation');
    expect(split?.images).toBe(12);
    expect(split?.iwaeNats).toBeLessThanOrEqual((split?.iwaeNegElboNats ?? 0) + 1e-4);
    // The same 40-sample estimates in one pass (other noise): equal up to Monte Carlo error (about 1.7 % here).
    const whole = await evaluateTest(run.vae, imgs, { k: 40, seed: 2, rowsPerPass: 1000 });
    expect(Math.abs((split?.iwaeNegElboNats ?? 0) - (whole?.iwaeNegElboNats ?? 0))).toBeLessThan(
      0.05 * (whole?.iwaeNegElboNats ?? 1),
    );
    expect(Math.abs((split?.iwaeNats ?? 0) - (whole?.iwaeNats ?? 0))).toBeLessThan(0.05 * (whole?.iwaeNats ?? 1));
    expect(tf.memory().numTensors).toBe(before);
    run.dispose();
    imgs.dispose();
  });

  it('reports progress up to 1 and stops (null) when cancelled between chunks', async () => {
    const run = model();
    const imgs = images();
    const seen: number[] = [];
    const done = await evaluateTest(
      run.vae,
      imgs,
      { k: 5, seed: 1, rowsPerPass: 10 },
      { onProgress: (f) => seen.push(f) },
    );
    expect(done).not.toBeNull();
    expect(seen.length).toBe(6);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f > (seen[i - 1] as number))).toBe(true);
    let chunks = 0;
    const before = tf.memory().numTensors;
    const stopped = await evaluateTest(
      run.vae,
      imgs,
      { k: 5, seed: 1, rowsPerPass: 10 },
      { onProgress: () => chunks++, cancelled: () => chunks >= 2 },
    );
    expect(stopped).toBeNull();
    expect(chunks).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    run.dispose();
    imgs.dispose();
  });

  it('a PixelCNN decoder evaluates too (IWAE ≤ MC −ELBO)', async () => {
    const run = model('+');
    const imgs = images();
    const t = await evaluateTest(run.vae, imgs, { k: 3, seed: 1, limit: 4 });
    expect(t?.images).toBe(4);
    expect(t?.iwaeNats).toBeLessThanOrEqual((t?.iwaeNegElboNats ?? 0) + 1e-4);
    run.dispose();
    imgs.dispose();
  });
});
