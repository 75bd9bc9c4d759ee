/**
 * The smooth-encoder family: Appendix-E smooth encoder, free (tabular) decoder and marginal.
 * Its analytic parameter gradients are checked against tfjs autodiff and against float64
 * central differences of the exact loss computed independently through math/toyMetrics.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logSoftmax } from '../../src/math/info';
import { binCentres, toyProblem } from '../../src/math/toyData';
import { toyMetrics } from '../../src/math/toyMetrics';
import { exactForward, exactLogitGradient, logTables } from '../../src/model/toyExact';
import { FAMILY_NAMES, toyFamily } from '../../src/model/toyFamilies';
import { useCpu } from './setup';

beforeAll(useCpu);

const NAME = 'smooth-encoder' as const;
const pDataTensor = (): tf.Tensor3D => tf.tensor3d([...toyProblem().pData], [1, 30, 1]);

/** Initial values, with the tabular decoder/marginal logits scaled up so the point is far from uniform. */
function randomParams(P: number, seed: number): tf.Tensor[] {
  const fam = toyFamily(NAME);
  const init = fam.initParams(P, seed);
  return fam.paramShapes(P).map((s, i) => tf.mul(tf.tensor(init[i] as Float32Array, s), i >= 2 ? 15 : 1));
}

/** Reference loss Σ_p D_p + β_p R_p with plain tfjs ops (differentiated by autodiff). */
function referenceLoss(params: tf.Tensor[], consts: tf.Tensor[], beta: tf.Tensor1D): tf.Scalar {
  const l = toyFamily(NAME).forward(params, consts);
  const logE = tf.logSoftmax(l.enc);
  const logD = tf.logSoftmax(l.dec);
  const logM = tf.logSoftmax(l.marg);
  const n = tf.mul(tf.exp(logE), pDataTensor());
  const R = tf.sum(tf.mul(n, tf.sub(logE, logM)), [1, 2]);
  const D = tf.neg(tf.sum(tf.mul(n, tf.transpose(logD, [0, 2, 1])), [1, 2]));
  return tf.sum(tf.add(D, tf.mul(beta, R)));
}

/** Log tables in float64 from one model's raw parameter values, written independently of the tfjs code. */
function float64Tables(vals: number[][]) {
  const c = binCentres();
  const [we, be, d, m] = vals as [number[], number[], number[], number[]];
  const enc = c.map((x) => we.map((w, z) => -((w * x - (be[z] as number)) ** 2)));
  const dec = Array.from({ length: 30 }, (_, z) => d.slice(z * 30, z * 30 + 30));
  return {
    logEnc: enc.flatMap((r) => logSoftmax(r)),
    logDec: dec.flatMap((r) => logSoftmax(r)),
    logMarg: logSoftmax(m),
    numBins: 30,
    numLatents: 30,
  };
}

describe('smooth-encoder family', () => {
  it('is a known family name with 2·30 + 30·30 + 30 parameters per model', () => {
    expect(FAMILY_NAMES).toContain(NAME);
    const fam = toyFamily(NAME);
    expect(fam.name).toBe(NAME);
    expect(fam.paramsPerModel).toBe(2 * 30 + 30 * 30 + 30);
    const P = 4;
    const shapes = fam.paramShapes(P);
    expect(shapes).toEqual([
      [P, 1, 30],
      [P, 1, 30],
      [P, 30, 30],
      [P, 1, 30],
    ]);
    expect(shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0)).toBe(P * fam.paramsPerModel);
    const init = fam.initParams(P, 9);
    expect(init.map((a) => a.length)).toEqual(shapes.map((sh) => sh.reduce((a, b) => a * b, 1)));
  });

  it('initialisation is deterministic in the seed and uses distinct streams per tensor', () => {
    const fam = toyFamily(NAME);
    const a = fam.initParams(2, 3);
    const b = fam.initParams(2, 3);
    a.forEach((t, i) => expect(Array.from(t)).toEqual(Array.from(b[i] as Float32Array)));
    const c = fam.initParams(2, 4);
    expect(Array.from(c[0] as Float32Array)).not.toEqual(Array.from(a[0] as Float32Array));
    // w_e and b_e come from different seeds (not the same normals).
    expect(Array.from(a[0] as Float32Array)).not.toEqual(Array.from(a[1] as Float32Array));
    // Decoder/marginal logits use the small tabular std; encoder slopes/offsets the smooth std.
    const std = (t: Float32Array) => Math.sqrt(Array.from(t).reduce((s, v) => s + v * v, 0) / t.length);
    expect(std(a[2] as Float32Array)).toBeLessThan(0.2);
    expect(std(a[0] as Float32Array)).toBeGreaterThan(0.5);
  });

  it('analytic gradient equals tfjs autodiff of the plain loss', () => {
    const fam = toyFamily(NAME);
    const P = 3;
    const params = randomParams(P, 11);
    const consts = fam.constants();
    const beta = tf.tensor1d([1, 0.3, -0.8]);
    const auto = tf.grads((...ps: tf.Tensor[]) => referenceLoss(ps, consts, beta))(params);
    const mine = tf.tidy(() =>
      fam.backward(params, exactLogitGradient(exactForward(fam.forward(params, consts), pDataTensor()), beta), consts),
    );
    expect(mine.map((g) => g.shape)).toEqual(params.map((p) => p.shape));
    auto.forEach((g, i) => {
      const a = g.dataSync();
      const b = (mine[i] as tf.Tensor).dataSync();
      const scale = Math.max(...Array.from(a, Math.abs));
      for (let k = 0; k < a.length; k++)
        expect(Math.abs((a[k] as number) - (b[k] as number))).toBeLessThan(2e-5 * scale + 1e-7);
    });
  });

  it('analytic gradient equals float64 central differences of the exact loss (math/ reference)', () => {
    const fam = toyFamily(NAME);
    const params = randomParams(1, 5);
    const consts = fam.constants();
    const beta = 0.7;
    const problem = toyProblem();
    const values = params.map((p) => Array.from(p.dataSync()));
    const loss = (vals: number[][]): number => {
      const m = toyMetrics(problem, float64Tables(vals));
      return m.distortionNats + beta * m.rateNats;
    };
    const grad = tf
      .tidy(() =>
        fam.backward(
          params,
          exactLogitGradient(exactForward(fam.forward(params, consts), pDataTensor()), tf.tensor1d([beta])),
          consts,
        ),
      )
      .map((g) => g.dataSync());
    const h = 1e-5;
    for (let t = 0; t < params.length; t++) {
      // Spread the probes over the tensor: for dec [1,30,30] these hit several rows z.
      const probes = t === 2 ? [0, 7, 29, 31, 250, 466, 899] : [0, 7, 13, 29];
      for (const k of probes) {
        const up = values.map((v) => [...v]);
        const dn = values.map((v) => [...v]);
        (up[t] as number[])[k] = ((up[t] as number[])[k] as number) + h;
        (dn[t] as number[])[k] = ((dn[t] as number[])[k] as number) - h;
        const fd = (loss(up) - loss(dn)) / (2 * h);
        expect(Math.abs(fd - ((grad[t] as Float32Array)[k] as number))).toBeLessThan(2e-4 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('R and D from tfjs (float32) match the float64 reference', () => {
    const fam = toyFamily(NAME);
    const params = randomParams(2, 3);
    const consts = fam.constants();
    const { rate, distortion, tables } = tf.tidy(() => {
      const l = fam.forward(params, consts);
      const f = exactForward(l, pDataTensor());
      return {
        rate: (f.rate as tf.Tensor).dataSync(),
        distortion: (f.distortion as tf.Tensor).dataSync(),
        tables: logTables(l).dataSync(),
      };
    });
    for (let i = 0; i < 2; i++) {
      const vals = params.map((p) => Array.from(p.dataSync()).slice((i * p.size) / 2, ((i + 1) * p.size) / 2));
      const m = toyMetrics(toyProblem(), float64Tables(vals));
      expect(rate[i]).toBeCloseTo(m.rateNats, 4);
      expect(distortion[i]).toBeCloseTo(m.distortionNats, 4);
      expect(tables.length).toBe(2 * 61 * 30);
    }
  });
});
