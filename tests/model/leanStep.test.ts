/**
 * The lean wasm step of the MLP VAE (model/vae/lean) against the tensor path on the same backend:
 * its hand-derived gradients against tfjs's autodiff of the tensor path's loss and against central
 * finite differences; 50 training steps of every objective it covers against the tensor path
 * (same batches, same noise); shared parameter data; no tensor or heap growth over 1,000 steps; and
 * kernels.ts is what build/buildKernels.ts makes of kernels.wat now.
 *
 * Tolerances: both paths are float32 with different summation orders (XNNPACK blocks against
 * tfjs's kernels, SIMD lanes against sequential sums), so sums of ~10³ terms agree to ~1e-6
 * relative; Adam's m/√v amplifies that where v is tiny, hence 1e-4 on parameters after 50 steps
 * (the steps are 1e-3).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelsModule } from '../../build/buildKernels';
import { lossWeights } from '../../src/math/constraints';
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../../src/math/objective';
import type { VaeArchitecture } from '../../src/lib/vaeSpec';
import { defaultKernelScale, measureKernel } from '../../src/math/mmd';
import { leanStepSwitch, leanUsesMmd } from '../../src/model/vae/lean/leanCoverage';
import { LeanMlpStep } from '../../src/model/vae/lean/leanMlpStep';
import { WasmHeap } from '../../src/model/vae/lean/wasmHeap';
import { mmdSquaredTensor } from '../../src/model/vae/mmd';
import { NOISE_SALT, normalNoise, PRIOR_SALT } from '../../src/model/vae/vaeTrainStep';
import { VaeModel } from '../../src/model/vae/vaeModel';
import { images, PIXELS } from './vaeFixtures';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
});

/** Two hidden layers each side, so the hidden-to-hidden layers are covered too. */
const ARCH: VaeArchitecture = { encoder: '-', decoder: '-', marginal: '-', latentDim: 3, hidden: 12, depth: 2 };
const BATCH = 8;

/** The same with the unit-variance logistic marginal (VIMAE's second model). */
const LOGISTIC: VaeArchitecture = { ...ARCH, marginal: 'l' };

const model = (objective: ObjectiveSettings, seed = 3, arch = ARCH): VaeModel =>
  new VaeModel({ arch, objective, seed, learningRate: 1e-3, batchSize: BATCH, dataDims: PIXELS });

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

describe('the lean MLP step', () => {
  it('takes the models it covers and leaves the rest to the tensor path', () => {
    expect(model({ ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.5 }).leanBlocker()).toBeNull();
    expect(model({ ...DEFAULT_OBJECTIVE, kind: 'vimae', mmdLambda: 10 }).leanBlocker()).toBeNull();
    expect(model({ ...DEFAULT_OBJECTIVE, kind: 'infovae', kernel: 'stein' }).leanBlocker()).toBe('Stein divergence');
    const pix = new VaeModel({
      arch: { ...ARCH, decoder: '+' },
      objective: DEFAULT_OBJECTIVE,
      seed: 1,
      learningRate: 1e-3,
      batchSize: BATCH,
      dataDims: PIXELS,
    });
    expect(pix.leanBlocker()).toBe('family not yet covered');
    pix.dispose();
  });

  const gradientCases: [string, ObjectiveSettings, VaeArchitecture][] = [
    ['a target-rate penalty', { ...DEFAULT_OBJECTIVE, kind: 'target-penalty', targetRateNats: 1, penalty: 0.7 }, ARCH],
    ['InfoVAE, imq MMD²', { ...DEFAULT_OBJECTIVE, kind: 'infovae', alpha: 0.5, mmdLambda: 20, kernel: 'imq' }, ARCH],
    ['VIMAE, gaussian MMD²', { ...DEFAULT_OBJECTIVE, kind: 'vimae', mmdLambda: 20, kernel: 'gaussian' }, ARCH],
    ['β = 0.5, logistic marginal', { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.5 }, LOGISTIC],
    ['VIMAE, logistic marginal', { ...DEFAULT_OBJECTIVE, kind: 'vimae', mmdLambda: 20 }, LOGISTIC],
  ];
  for (const [name, o, arch] of gradientCases)
    it(`gives the gradients of autodiff and of finite differences: ${name}`, () => {
      const m = model(o, 3, arch);
      const data = images();
      const indices = m.batchIndices(0, data.trainCount);
      const lean = new LeanMlpStep(m.vae, BATCH);
      const tensors = (m as unknown as { stepTensors: Parameters<LeanMlpStep['gradients']>[0] }).stepTensors;
      const eps = normalNoise(BATCH, ARCH.latentDim, 3, NOISE_SALT, 0);
      const epsValues = eps.dataSync() as Float32Array;
      data.batchTransposedInto(indices, lean.xView());
      const priorT = m.vae.marginal.sample(
        normalNoise(BATCH, ARCH.latentDim, 3, PRIOR_SALT, 0),
        tf.randomUniform([BATCH], 0, 1, 'float32', 1) as tf.Tensor1D,
      );
      const prior = priorT.dataSync() as Float32Array;
      const g = lean.gradients(tensors, { objective: o, step: 0, learningRate: 1e-3, eps: epsValues, prior });
      const ours = lean.readGradients();
      // The loss with the weights held at the lean step's values (the tensor path holds them constant too).
      const w = lossWeights(o, 0, { rateNats: g.rate, distortionNats: 0, mmd: 0 }, g.multipliers, g.legacy);
      const x = data.batch(indices);
      const kernel = measureKernel(o.kernel);
      const loss = (): tf.Scalar =>
        tf.tidy(() => {
          const t = m.vae.terms(x, eps);
          const rd = tf.add(tf.mul(w.distortion, tf.mean(t.distortion)), tf.mul(w.rate, tf.mean(t.rate)));
          if (!leanUsesMmd(o, 0)) return rd as tf.Scalar;
          const mmd = mmdSquaredTensor(t.z, priorT as tf.Tensor2D, kernel, defaultKernelScale(ARCH.latentDim));
          return tf.add(rd, tf.mul(w.mmd, mmd)) as tf.Scalar;
        });
      const params = m.vae.params.list();
      const auto = tf
        .grads((..._ps: tf.Tensor[]) => loss())(params)
        .map((t) => t.dataSync() as Float32Array);
      params.forEach((p, i) => {
        const scale = Math.max(1e-3, ...Array.from(auto[i] as Float32Array, Math.abs));
        expect(maxDiff(ours[i] as Float32Array, auto[i] as Float32Array) / scale, p.name).toBeLessThan(1e-4);
      });
      // Central differences on a few coordinates of every parameter. A coordinate whose estimates at two step sizes
      // disagree straddles a ReLU's kink there and is skipped; most must be checked.
      let checked = 0;
      let tried = 0;
      params.forEach((p, i) => {
        const values = p.dataSync().slice() as Float32Array;
        for (const j of [0, Math.floor(values.length / 2), values.length - 1]) {
          const at = (d: number): number => {
            const v = values.slice();
            v[j] = (v[j] as number) + d;
            p.assign(tf.tensor(v, p.shape));
            return loss().dataSync()[0] as number;
          };
          const fd = (h: number): number => (at(h) - at(-h)) / (2 * h);
          const [coarse, fine] = [fd(1e-2), fd(5e-3)];
          p.assign(tf.tensor(values, p.shape));
          tried++;
          if (Math.abs(coarse - fine) > 5e-3 * Math.max(1, Math.abs(fine))) continue;
          checked++;
          const an = (ours[i] as Float32Array)[j] as number;
          expect(Math.abs(fine - an), `${p.name}[${j}]`).toBeLessThan(1e-2 * Math.max(1, Math.abs(an)));
        }
      });
      expect(checked).toBeGreaterThanOrEqual(0.75 * tried);
      lean.dispose();
      [eps, x, priorT].forEach((t) => t.dispose());
      m.dispose();
      data.dispose();
    });

  const objectives: [string, ObjectiveSettings, VaeArchitecture?][] = [
    ['β = 0.3', { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.3 }],
    ['annealed β', { ...DEFAULT_OBJECTIVE, kind: 'anneal', beta: 1, annealSteps: 30 }],
    ['target rate, multiplier', { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 2 }],
    [
      'Lagrangian R = σ and −ELBO ≤ bound',
      { ...DEFAULT_OBJECTIVE, kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 2, negElboMaxNats: 20 },
    ],
    ['InfoVAE (α = 0.5, λ = 20, imq)', { ...DEFAULT_OBJECTIVE, kind: 'infovae', alpha: 0.5, mmdLambda: 20 }],
    ['VIMAE (λ = 20, gaussian)', { ...DEFAULT_OBJECTIVE, kind: 'vimae', mmdLambda: 20, kernel: 'gaussian' }],
    ['ELBO with MMD² ≤ ε', { ...DEFAULT_OBJECTIVE, kind: 'elbo', mmdMax: 0.002 }],
    ['ELBO, logistic marginal', { ...DEFAULT_OBJECTIVE, kind: 'elbo' }, LOGISTIC],
    ['VIMAE, logistic marginal', { ...DEFAULT_OBJECTIVE, kind: 'vimae', mmdLambda: 20 }, LOGISTIC],
  ];
  for (const [name, o, arch] of objectives) {
    it(`trains like the tensor path for 50 steps: ${name}`, async () => {
      const data = images();
      const run = async (lean: boolean) => {
        leanStepSwitch.enabled = lean;
        const m = model(o, 3, arch);
        m.train(data, 50);
        const state = await m.readState();
        const params = await m.vae.params.read();
        const engine = m.engine;
        m.dispose();
        leanStepSwitch.enabled = true;
        return { state, params, engine };
      };
      const a = await run(false);
      const b = await run(true);
      expect([a.engine, b.engine]).toEqual(['tensor', 'lean']);
      expect(Math.abs(a.state.rateNats - b.state.rateNats)).toBeLessThan(1e-4 * Math.max(1, a.state.rateNats));
      expect(Math.abs(a.state.distortionNats - b.state.distortionNats)).toBeLessThan(1e-5 * a.state.distortionNats);
      expect(maxDiff(a.state.multipliers, b.state.multipliers)).toBeLessThan(1e-4);
      expect(Math.abs(a.state.mmd - b.state.mmd)).toBeLessThan(1e-5);
      expect(Math.abs(a.state.multiplier - b.state.multiplier)).toBeLessThan(1e-4);
      a.params.forEach((p, i) => expect(maxDiff(p, b.params[i] as Float32Array)).toBeLessThan(1e-4));
      data.dispose();
    });
  }

  it('leaves a clone of a parameter as it was', async () => {
    const data = images();
    const m = model({ ...DEFAULT_OBJECTIVE, kind: 'elbo' });
    const w = m.vae.params.get('dec.w2');
    const clone = w.clone();
    const before = clone.dataSync().slice();
    m.train(data, 3);
    expect(maxDiff(clone.dataSync(), before)).toBe(0);
    expect(maxDiff(w.dataSync(), before)).toBeGreaterThan(0);
    clone.dispose();
    m.dispose();
    data.dispose();
  });

  it('steps correctly when the heap grows in the middle of a step (views are made after every call)', async () => {
    const o: ObjectiveSettings = { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 2 };
    const data = images();
    const run = async (grow: boolean) => {
      const m = model(o);
      const kept: tf.Tensor[] = [];
      const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
      const before = heapBytes();
      const original = WasmHeap.prototype.gemm;
      let calls = 0;
      if (grow)
        WasmHeap.prototype.gemm = function (this: WasmHeap, ...args: Parameters<WasmHeap['gemm']>) {
          // In the first step's backward pass (its first 7 products are the forward ones), take more memory than
          // the heap has free, kept alive until the steps end: the heap must grow there.
          calls++;
          if (calls >= 8 && calls <= 10) kept.push(tf.zeros([heapBytes() / 4]));
          original.apply(this, args);
        };
      try {
        m.train(data, 3);
      } finally {
        WasmHeap.prototype.gemm = original;
      }
      const grew = heapBytes() > before;
      kept.forEach((t) => t.dispose());
      const state = await m.readState();
      const params = await m.vae.params.read();
      m.dispose();
      return { state, params, grew };
    };
    const plain = await run(false);
    const grown = await run(true);
    expect(grown.grew).toBe(true);
    expect(Number.isFinite(grown.state.multiplier)).toBe(true);
    expect(grown.state.multiplier).toBe(plain.state.multiplier);
    expect(grown.state.rateNats).toBe(plain.state.rateNats);
    grown.params.forEach((p, i) => expect(maxDiff(p, plain.params[i] as Float32Array)).toBe(0));
    data.dispose();
  });

  it('holds no more tensors or heap after 1,000 steps than after 10', async () => {
    const data = images();
    const m = model({ ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 2 });
    m.train(data, 10);
    await m.readState();
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const [tensors, bytes] = [tf.memory().numTensors, heap()];
    m.train(data, 1000);
    await m.readState();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(heap()).toBe(bytes);
    expect(m.engine).toBe('lean');
    m.dispose();
    data.dispose();
  });

  it('multiplies like tf.matMul, with its own kernel (m % 4 = 0, n % 8 = 0) and with XNNPACK (other shapes)', () => {
    const heap = new WasmHeap();
    for (const [m, k, n] of [
      [16, 49, 8],
      [784, 64, 256],
      [12, 7, 24],
      [8, 33, 5],
      [3, 10, 16],
    ] as const) {
      const a = tf.randomNormal([m, k], 0, 1, 'float32', m + k);
      const b = tf.randomNormal([k, n], 0, 1, 'float32', k + n);
      const [ab, bb, out] = [heap.alloc(m * k), heap.alloc(k * n), heap.alloc(m * n)];
      heap.f32(ab).set(a.dataSync());
      heap.f32(bb).set(b.dataSync());
      heap.renew(bb);
      heap.gemm(ab, bb, out, m, k, n);
      const ref = tf.matMul(a, b).dataSync();
      // Sums of k products of unit normals: float32 rounding of a few ulps of √k.
      expect(maxDiff(heap.f32(out), ref), `${m}×${k}×${n}`).toBeLessThan(1e-5 * Math.sqrt(k) * 10);
      [a, b].forEach((t) => t.dispose());
    }
    heap.dispose();
  });

  it('runs the kernels compiled from kernels.wat as it stands', async () => {
    const dir = resolve(__dirname, '../../src/model/vae/lean');
    const wat = readFileSync(resolve(dir, 'kernels.wat'), 'utf8');
    expect(readFileSync(resolve(dir, 'kernels.ts'), 'utf8')).toBe(await kernelsModule(wat));
  });
});
