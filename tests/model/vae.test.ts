import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../../src/math/objective';
import { images, PIXELS, tiny } from './vaeFixtures';
import { bernoulliNegLogLik, gaussianLogDensity, klToStandardNormal } from '../../src/model/vae/layers';
import { causalConv2d, kernelMask, sameConv2d, sameConv2dDilated } from '../../src/model/vae/maskedConv';
import { Vae } from '../../src/model/vae/vae';
import { PIXELCNN_REACH_ROWS } from '../../src/model/vae/decoder';
import { VaeModel } from '../../src/model/vae/vaeModel';
import { useCpu } from './setup';

beforeAll(useCpu);

describe('VAE building blocks against plain-number references', () => {
  it('Gaussian log density, KL to N(0, I), Bernoulli NLL (huge logits included)', async () => {
    const z = [0.3, -1.2],
      mu = [0.1, 0.5],
      sd = [0.7, 2.0];
    const ref = z.reduce(
      (s, zi, i) =>
        s -
        0.5 * ((zi - (mu[i] as number)) / (sd[i] as number)) ** 2 -
        Math.log(sd[i] as number) -
        0.5 * Math.log(2 * Math.PI),
      0,
    );
    expect((await gaussianLogDensity(tf.tensor2d([z]), tf.tensor2d([mu]), tf.tensor2d([sd])).data())[0]).toBeCloseTo(
      ref,
      5,
    );
    const kl = mu.reduce(
      (s, m, i) => s + 0.5 * (m * m + (sd[i] as number) ** 2 - 1 - 2 * Math.log(sd[i] as number)),
      0,
    );
    expect((await klToStandardNormal(tf.tensor2d([mu]), tf.tensor2d([sd])).data())[0]).toBeCloseTo(kl, 5);
    const logits = [0, 3, -3, 80, -80],
      x = [1, 0, 1, 1, 0];
    const nll = logits.reduce(
      (s, l, i) =>
        s - ((x[i] as number) * -Math.log1p(Math.exp(-l)) + (1 - (x[i] as number)) * -Math.log1p(Math.exp(l))),
      0,
    );
    const got = (await bernoulliNegLogLik(tf.tensor2d([logits]), tf.tensor2d([x])).data())[0] as number;
    expect(Number.isFinite(got)).toBe(true);
    expect(got).toBeCloseTo(nll, 4);
  });

  it('sameConv2d: value and both gradients equal tfjs conv2d autodiff (cpu)', async () => {
    const x = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 6, 5, 4], 0, 1, 'float32', 3);
    const f = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), dy)));
    const [gx, gw] = f(sameConv2d)([x, w]);
    const [rx, rw] = f((a, b) => tf.conv2d(a, b, 1, 'same'))([x, w]);
    expect(await sameConv2d(x, w).array()).toEqual(await tf.conv2d(x, w, 1, 'same').array());
    const close = async (a: tf.Tensor, b: tf.Tensor) =>
      expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-4);
    await close(gx as tf.Tensor, rx as tf.Tensor);
    await close(gw as tf.Tensor, rw as tf.Tensor);
  });

  it('dilated sameConv2d: value and gradients equal tfjs autodiff of the kernel spread out with zeros', async () => {
    const d = 3;
    const x = tf.randomNormal([2, 9, 8, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 6);
    // The dilated kernel as a plain 7×7 one: taps at multiples of d, zeros between.
    const spread = (k: tf.Tensor4D): tf.Tensor4D => {
      const z = tf.buffer([7, 7, 2, 3]);
      const v = k.arraySync();
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) z.set(v[i]![j]![a]![b]!, i * d, j * d, a, b);
      return z.toTensor() as tf.Tensor4D;
    };
    const mine = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(sameConv2dDilated(a as tf.Tensor4D, b as tf.Tensor4D, d), dy)),
    )([x, w]);
    const W7 = spread(w);
    const ref = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), dy)),
    )([x, W7]);
    const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;
    expect(maxDiff(sameConv2dDilated(x, w, d), tf.conv2d(x, W7, 1, 'same'))).toBeLessThan(1e-4);
    expect(maxDiff(mine[0] as tf.Tensor, ref[0] as tf.Tensor)).toBeLessThan(1e-4);
    // The 7×7 reference gradient read at the taps is the dilated kernel's gradient.
    const taps = tf.stridedSlice(ref[1] as tf.Tensor, [0, 0, 0, 0], [7, 7, 2, 3], [d, d, 1, 1]);
    expect(maxDiff(mine[1] as tf.Tensor, taps)).toBeLessThan(1e-3);
  });

  for (const [type, r, d] of [
    ['B', 1, 1],
    ['B', 1, 3],
    ['A', 2, 1],
  ] as const) {
    it(`causalConv2d (type ${type}, ${2 * r + 1}×${2 * r + 1}, dilation ${d}): the masked sameConv2d's value and gradients`, () => {
      const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
      const mask = tf.tensor4d(kernelMask(r, type, 3, 2), [2 * r + 1, 2 * r + 1, 3, 2]);
      const w = tf.mul(tf.randomNormal([2 * r + 1, 2 * r + 1, 3, 2], 0, 1, 'float32', 8), mask) as tf.Tensor4D;
      const dy = tf.randomNormal([2, 9, 8, 2], 0, 1, 'float32', 9);
      const grads = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor) =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(conv(a as tf.Tensor4D, tf.mul(b, mask) as tf.Tensor4D), dy)),
        )([x, w]);
      const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;
      expect(maxDiff(causalConv2d(x, w, d), sameConv2dDilated(x, w, d))).toBeLessThan(1e-4);
      const mine = grads((a, b) => causalConv2d(a, b, d));
      const ref = grads((a, b) => sameConv2dDilated(a, b, d));
      expect(maxDiff(mine[0] as tf.Tensor, ref[0] as tf.Tensor)).toBeLessThan(1e-4);
      expect(maxDiff(mine[1] as tf.Tensor, ref[1] as tf.Tensor)).toBeLessThan(1e-4);
      // A data input gets no gradient, the kernel the same one.
      const data = grads((a, b) => causalConv2d(a, b, d, true));
      expect(maxDiff(data[0] as tf.Tensor, tf.zerosLike(x))).toBe(0);
      expect(maxDiff(data[1] as tf.Tensor, ref[1] as tf.Tensor)).toBeLessThan(1e-4);
    });
  }

  it('kernel masks: type A hides the centre, type B shows it, nothing below or right on the row', () => {
    const a = kernelMask(1, 'A', 1, 1),
      b = kernelMask(1, 'B', 1, 1);
    expect([...a]).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect([...b]).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it(
    'importance log-weights: their mean is −(R + D) with the closed-form ' +
      'KL, up to Monte Carlo error (so IWAE ≤ −ELBO is not vacuous)',
    async () => {
      const vae = new Vae(tiny('-', '-', '-'), 8, PIXELS);
      const k = 4000;
      const x = tf.tensor2d([Array.from({ length: PIXELS }, (_, i) => (i % 5 === 0 ? 1 : 0))]);
      const eps = tf.randomNormal([k, 1, 2], 0, 1, 'float32', 9) as tf.Tensor3D;
      const meanLogW = (await tf.mean(vae.logWeights(x, eps)).data())[0] as number;
      const t = vae.terms(tf.tile(x, [k, 1]) as tf.Tensor2D, tf.reshape(eps, [k, 2]) as tf.Tensor2D);
      const negElbo = (await tf.mean(tf.add(t.rate, t.distortion)).data())[0] as number;
      expect(Math.abs(-meanLogW - negElbo)).toBeLessThan(0.05);
      vae.dispose();
    },
  );

  it('PixelCNN sampler window: logits of row r from rows r−reach..r equal those of the full network', async () => {
    const vae = new Vae(tiny('-', '+', '-'), 6);
    const x = tf.tensor2d([Array.from({ length: 784 }, (_, i) => ((i * 13) % 5 === 0 ? 1 : 0))]);
    const z = tf.tensor2d([[0.4, -0.3]]);
    const full = (await vae.decoder.logits(z, x).data()) as Float32Array;
    for (const r of [0, 5, 20, 27]) {
      const top = Math.max(0, r - PIXELCNN_REACH_ROWS);
      const h = r - top + 1;
      const img = tf.slice(tf.reshape(x, [1, 28, 28, 1]), [0, top, 0, 0], [1, h, 28, 1]) as tf.Tensor4D;
      const cond = tf.slice(vae.decoder.conditioning(z), [0, top, 0, 0], [1, h, 28, 1]) as tf.Tensor4D;
      const rows = tf.slice(vae.decoder.rowContext(x), [0, top, 0, 0], [1, h, 1, -1]) as tf.Tensor4D;
      const win = (await vae.decoder.pixelLogits(img, cond, rows).data()) as Float32Array;
      for (let c = 0; c < 28; c++) expect(win[(h - 1) * 28 + c]).toBeCloseTo(full[r * 28 + c] as number, 4);
    }
    vae.dispose();
  });

  it('PixelCNN is causal: changing pixel p changes no logit at or before p', async () => {
    const vae = new Vae(tiny('-', '+', '-'), 4);
    const x = tf.tensor2d([Array.from({ length: 784 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0))]);
    const z = tf.tensor2d([[0.2, 0.5]]);
    for (const p of [0, 100, 405, 783]) {
      const x2 = tf.tidy(
        () => tf.add(x, tf.mul(tf.oneHot([p], 784), tf.sub(1, tf.mul(2, tf.slice(x, [0, p], [1, 1]))))) as tf.Tensor2D,
      );
      const a = (await vae.decoder.logits(z, x).data()) as Float32Array;
      const b = (await vae.decoder.logits(z, x2).data()) as Float32Array;
      for (let i = 0; i <= p; i++) expect(b[i]).toBeCloseTo(a[i] as number, 5);
      if (p < 783)
        expect(Array.from(b.subarray(p + 1)).some((v, i) => Math.abs(v - (a[p + 1 + i] as number)) > 1e-6)).toBe(true);
    }
    vae.dispose();
  });
});

describe('image runs', () => {
  const obj = (o: Partial<ObjectiveSettings>): ObjectiveSettings => ({ ...DEFAULT_OBJECTIVE, ...o });

  it('same seed and backend → identical first 10 reports', async () => {
    const imgs = images();
    const make = () =>
      new VaeModel({
        arch: tiny('+', '-', 'v'),
        objective: obj({ kind: 'beta', beta: 0.5 }),
        seed: 11,
        learningRate: 1e-3,
        batchSize: 4,
        dataDims: PIXELS,
      });
    const a = make(),
      b = make();
    for (let i = 0; i < 10; i++) {
      a.train(imgs, 1);
      b.train(imgs, 1);
      expect(await a.readState()).toEqual(await b.readState());
    }
    a.dispose();
    b.dispose();
    imgs.dispose();
  });

  it('snapshot → new run → snapshot is bitwise identical and training continues identically', async () => {
    const imgs = images();
    const a = new VaeModel({
      arch: tiny('-', '-', '+'),
      objective: obj({ kind: 'target-lagrange', targetRateNats: 1 }),
      seed: 5,
      learningRate: 1e-3,
      batchSize: 4,
      dataDims: PIXELS,
    });
    a.train(imgs, 4);
    const snap = await a.exportState();
    const b = VaeModel.fromSnapshot(snap);
    expect(await b.exportState()).toEqual(snap);
    a.train(imgs, 2);
    b.train(imgs, 2);
    expect(await b.readState()).toEqual(await a.readState());
    a.dispose();
    b.dispose();
    imgs.dispose();
  });

  it('the multiplier orders runs by their target σ and stays inside its clip', async () => {
    const imgs = images();
    const rates: number[] = [];
    for (const sigma of [0.5, 4]) {
      const run = new VaeModel({
        arch: tiny('-', '-', '-'),
        objective: obj({ kind: 'target-lagrange', targetRateNats: sigma }),
        seed: 2,
        learningRate: 1e-2,
        batchSize: 8,
        dataDims: PIXELS,
      });
      run.train(imgs, 100);
      const st = await run.readState();
      expect(Math.abs(st.multiplier)).toBeLessThanOrEqual(50);
      rates.push(st.rateNats);
      run.dispose();
    }
    expect((rates[1] as number) - (rates[0] as number)).toBeGreaterThan(1.5);
    imgs.dispose();
  });
});

describe('the information-autoencoding family on image VAEs', () => {
  it('MMD² tensor equals the plain-number U-statistic, both kernels', async () => {
    const { mmdSquaredTensor } = await import('../../src/model/vae/mmd');
    const { mmdSquared } = await import('../../src/math/mmd');
    const q = tf.randomNormal([7, 3], 0.5, 1, 'float32', 4) as tf.Tensor2D;
    const p = tf.randomNormal([5, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
    for (const k of ['imq', 'gaussian'] as const) {
      const got = (await mmdSquaredTensor(q, p, k, 6).data())[0] as number;
      expect(got).toBeCloseTo(mmdSquared((await q.array()) as number[][], (await p.array()) as number[][], k, 6), 5);
    }
  });
  it('the unit-variance logistic prior: density integrates to 1 with variance 1; samples have variance 1', async () => {
    const { standardLogisticLogDensity, logisticFromNormal } = await import('../../src/model/vae/layers');
    const grid = Array.from({ length: 4001 }, (_, i) => -20 + i * 0.01);
    const dens = await tf.exp(standardLogisticLogDensity(tf.tensor2d(grid, [grid.length, 1]))).data();
    let mass = 0,
      second = 0;
    grid.forEach((z, i) => {
      mass += (dens[i] as number) * 0.01;
      second += z * z * (dens[i] as number) * 0.01;
    });
    expect(mass).toBeCloseTo(1, 4);
    expect(second).toBeCloseTo(1, 3);
    const big = (await standardLogisticLogDensity(tf.tensor2d([[1e4]])).data())[0] as number;
    expect(Number.isFinite(big)).toBe(true);
    const s = await logisticFromNormal(tf.randomNormal([20000], 0, 1, 'float32', 9)).data();
    const v = Array.from(s).reduce((a, b) => a + b * b, 0) / s.length;
    expect(v).toBeCloseTo(1, 1);
  });
  it(
    'a VIMAE step reports the batch MMD; constraint multipliers ' +
      'follow dual ascent exactly (plain-number reference)',
    async () => {
      const { dualAscent } = await import('../../src/math/constraints');
      const data = images();
      const objective: ObjectiveSettings = {
        ...DEFAULT_OBJECTIVE,
        kind: 'vimae',
        mmdLambda: 10,
        rateConstraint: 'eq',
        targetRateNats: 2,
        mmdMax: 0.05,
        negElboMaxNats: 30,
      };
      const run = new VaeModel({
        arch: { ...tiny('-', '-', 'l'), depth: 2 },
        objective,
        seed: 3,
        learningRate: 1e-3,
        batchSize: 8,
        dataDims: PIXELS,
      });
      run.train(data, 1);
      const a = await run.readState();
      expect(a.mmd).not.toBe(0);
      const expected = dualAscent(
        objective,
        { rateNats: a.rateNats, distortionNats: a.distortionNats, mmd: a.mmd },
        [0, 0, 0],
      );
      a.multipliers.forEach((m, i) => expect(m).toBeCloseTo(expected[i] as number, 5));
      run.train(data, 1);
      const b = await run.readState();
      const expected2 = dualAscent(
        objective,
        { rateNats: b.rateNats, distortionNats: b.distortionNats, mmd: b.mmd },
        a.multipliers,
      );
      b.multipliers.forEach((m, i) => expect(m).toBeCloseTo(expected2[i] as number, 5));
      // Snapshots carry the multipliers.
      const copy = VaeModel.fromSnapshot(await run.exportState());
      expect((await copy.readState()).multipliers).toEqual(b.multipliers);
      copy.dispose();
      run.dispose();
      data.dispose();
    },
  );
  it('ELBO-only objectives skip the MMD (reported 0); tensor count stays flat with MMD and constraints', async () => {
    const data = images();
    const run = new VaeModel({
      arch: tiny('-', '-', '-'),
      objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' },
      seed: 3,
      learningRate: 1e-3,
      batchSize: 8,
      dataDims: PIXELS,
    });
    run.train(data, 2);
    expect((await run.readState()).mmd).toBe(0);
    run.setObjective({ ...DEFAULT_OBJECTIVE, kind: 'infovae', alpha: 1, mmdLambda: 100, mmdMax: 0.01 });
    run.train(data, 1);
    const before = tf.memory().numTensors;
    run.train(data, 5);
    await run.readState();
    expect(tf.memory().numTensors).toBe(before);
    run.dispose();
    data.dispose();
  });
});

describe('the Stein surrogate on tensors', () => {
  it('its gradient with respect to the codes is −φ/n with φ of the plain-number reference', async () => {
    const { steinSurrogate } = await import('../../src/model/vae/mmd');
    const { steinDirection } = await import('../../src/math/stein');
    const z = tf.randomNormal([6, 2], 0.7, 1.2, 'float32', 12) as tf.Tensor2D;
    const score = tf.neg(z) as tf.Tensor2D;
    const g = tf.grad((zz: tf.Tensor) => steinSurrogate(zz as tf.Tensor2D, score, 4))(z);
    const za = (await z.array()) as number[][];
    const phi = steinDirection(
      za,
      za.map((r) => r.map((v) => -v)),
      4,
    );
    const ga = (await g.array()) as number[][];
    ga.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(-((phi[i] as number[])[k] as number) / 6, 5)));
  });
});
