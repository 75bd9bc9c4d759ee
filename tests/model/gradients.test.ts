import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logSoftmax } from '../../src/math/info';
import { toyProblem } from '../../src/math/toyData';
import { toyMetrics } from '../../src/math/toyMetrics';
import { binCentres } from '../../src/math/toyData';
import { exactForward, exactLogitGradient, logTables } from '../../src/model/toyExact';
import { toyFamily, type FamilyName } from '../../src/model/toyFamilies';
import { useCpu } from './setup';

beforeAll(useCpu);

const pDataTensor = (): tf.Tensor3D => tf.tensor3d([...toyProblem().pData], [1, 30, 1]);

/** Reference loss Σ_p D_p + β_p R_p written with plain tfjs ops, differentiated by tfjs autodiff. */
function referenceLoss(name: FamilyName, params: tf.Tensor[], consts: tf.Tensor[], beta: tf.Tensor1D): tf.Scalar {
  const fam = toyFamily(name);
  const l = fam.forward(params, consts);
  const logE = tf.logSoftmax(l.enc);
  const logD = tf.logSoftmax(l.dec);
  const logM = tf.logSoftmax(l.marg);
  const n = tf.mul(tf.exp(logE), pDataTensor());
  const R = tf.sum(tf.mul(n, tf.sub(logE, logM)), [1, 2]);
  const D = tf.neg(tf.sum(tf.mul(n, tf.transpose(logD, [0, 2, 1])), [1, 2]));
  return tf.sum(tf.add(D, tf.mul(beta, R)));
}

function randomParams(name: FamilyName, P: number, seed: number): tf.Tensor[] {
  const fam = toyFamily(name);
  const init = fam.initParams(P, seed);
  // Larger logits than at initialisation, so the test is not near the uniform point.
  return fam.paramShapes(P).map((s, i) => tf.mul(tf.tensor(init[i] as Float32Array, s), name === 'tabular' ? 15 : 1));
}

describe.each(['tabular', 'smooth'] as const)('%s family gradients', (name) => {
  it('analytic gradient equals tfjs autodiff of the plain loss', () => {
    const fam = toyFamily(name);
    const P = 3;
    const params = randomParams(name, P, 11);
    const consts = fam.constants();
    const beta = tf.tensor1d([1, 0.3, -0.8]);
    const auto = tf.grads((...ps: tf.Tensor[]) => referenceLoss(name, ps, consts, beta))(params);
    const mine = tf.tidy(() =>
      fam.backward(params, exactLogitGradient(exactForward(fam.forward(params, consts), pDataTensor()), beta), consts),
    );
    auto.forEach((g, i) => {
      const a = g.dataSync();
      const b = (mine[i] as tf.Tensor).dataSync();
      const scale = Math.max(...Array.from(a, Math.abs));
      for (let k = 0; k < a.length; k++)
        expect(Math.abs((a[k] as number) - (b[k] as number))).toBeLessThan(2e-5 * scale + 1e-7);
    });
  });

  it('analytic gradient equals float64 central differences of the exact loss (math/ reference)', () => {
    const fam = toyFamily(name);
    const params = randomParams(name, 1, 5);
    const consts = fam.constants();
    const beta = 0.7;
    const problem = toyProblem();
    const values = params.map((p) => Array.from(p.dataSync()));
    /** Loss in float64 from parameter values, through toyMetrics. */
    const loss = (vals: number[][]): number => {
      const tables = float64Tables(name, vals);
      const m = toyMetrics(problem, tables);
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
      for (const k of [0, 7, 29]) {
        const up = values.map((v) => [...v]);
        const dn = values.map((v) => [...v]);
        (up[t] as number[])[k] = ((up[t] as number[])[k] as number) + h;
        (dn[t] as number[])[k] = ((dn[t] as number[])[k] as number) - h;
        const fd = (loss(up) - loss(dn)) / (2 * h);
        expect(Math.abs(fd - ((grad[t] as Float32Array)[k] as number))).toBeLessThan(2e-4 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});

/** Log tables in float64 from raw parameter values, written independently of the tfjs code. */
function float64Tables(name: FamilyName, vals: number[][]) {
  const c = binCentres();
  let enc: number[][];
  let dec: number[][];
  let marg: number[];
  if (name === 'tabular') {
    const [e, d, m] = vals as [number[], number[], number[]];
    enc = Array.from({ length: 30 }, (_, x) => e.slice(x * 30, x * 30 + 30));
    dec = Array.from({ length: 30 }, (_, z) => d.slice(z * 30, z * 30 + 30));
    marg = m;
  } else {
    const [we, be, wd, bd, pi] = vals as [number[], number[], number[], number[], number[]];
    enc = c.map((x) => we.map((w, z) => -((w * x - (be[z] as number)) ** 2)));
    dec = wd.map((w, z) => c.map((x) => -((w * x - (bd[z] as number)) ** 2)));
    marg = pi;
  }
  return {
    logEnc: enc.flatMap((r) => logSoftmax(r)),
    logDec: dec.flatMap((r) => logSoftmax(r)),
    logMarg: logSoftmax(marg),
    numBins: 30,
    numLatents: 30,
  };
}

describe('exact forward', () => {
  it('R and D from tfjs (float32) match the float64 reference', () => {
    for (const name of ['tabular', 'smooth'] as const) {
      const fam = toyFamily(name);
      const params = randomParams(name, 2, 3);
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
        const m = toyMetrics(toyProblem(), float64Tables(name, vals));
        expect(rate[i]).toBeCloseTo(m.rateNats, 4);
        expect(distortion[i]).toBeCloseTo(m.distortionNats, 4);
        expect(tables.length).toBe(2 * 61 * 30);
      }
    }
  });
});
