/**
 * Soak: 4 models for 10,000 steps with reports every 100 steps and a save every 1,000, as the app
 * runs them. Prints tensor count, tensor bytes and JS heap at the start and end.
 *   toy    4 toy models (ELBO, β, penalty, multiplier)
 *   image  4 small MNIST VAEs (zdim 4, hidden 32, batch 8): ELBO, InfoVAE with an MMD ≤ ε constraint,
 *          Lagrangian R = 5, VIMAE-l — held-out metrics every 250 steps, grids of the selected run
 *   gauss  the two-Gaussian preset's 3 runs (with the MI cap), quadrature every 100 steps
 * Usage: NODE_OPTIONS=--expose-gc npx tsx tests/bench/soak.ts [steps] [wasm|cpu] [toy|image|gauss]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { TrainingSession } from '../../src/worker/session/session';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import { MemoryStorage } from '../../src/worker/saved/storage';
import '@tensorflow/tfjs';
import { decodeAsset } from '../../src/data/binaryImages';
import { ensureImageAsset } from '../../src/cli/buildMnist';
import type { ExperimentConfig } from '../../src/lib/experiment';

tf.enableProdMode(); // not IS_TEST: that makes tfjs keep a per-kernel leak-check stack that grows without bound
const steps = Number(process.argv[2] ?? 10_000);
await tf.setBackend(process.argv[3] === 'cpu' ? 'cpu' : 'wasm');
await tf.ready();
const mode = process.argv[4] ?? 'toy';
const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'single', family: 'smooth' });
const small = {
  encoder: '-' as const,
  decoder: '-' as const,
  marginal: '-' as const,
  latentDim: 4,
  hidden: 32,
  depth: 1,
};
const imageExperiment: ExperimentConfig = {
  ...buildExperiment({ ...DEFAULT_SETTINGS, preset: 'mnist-single', batchSize: 8 }).config,
  models: [
    { id: 'a', label: 'elbo', kind: 'trained', arch: small, objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' } },
    {
      id: 'b',
      label: 'infovae',
      kind: 'trained',
      arch: small,
      objective: { ...DEFAULT_OBJECTIVE, kind: 'infovae', alpha: 1, mmdLambda: 100, mmdMax: 0.01 },
    },
    {
      id: 'c',
      label: 'lagrangian',
      kind: 'trained',
      arch: small,
      objective: { ...DEFAULT_OBJECTIVE, kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 5 },
    },
    {
      id: 'd',
      label: 'vimae-l',
      kind: 'trained',
      arch: { ...small, marginal: 'l' },
      objective: { ...DEFAULT_OBJECTIVE, kind: 'vimae', mmdLambda: 100 },
    },
  ],
};
const gaussExperiment = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'two-gaussians' }).config;
const toyExperiment = {
  ...config,
  models: [
    { id: 'a', label: 'elbo', kind: 'trained' as const, objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' as const } },
    {
      id: 'b',
      label: 'beta',
      kind: 'trained' as const,
      objective: { ...DEFAULT_OBJECTIVE, kind: 'beta' as const, beta: 0.3 },
    },
    {
      id: 'c',
      label: 'penalty',
      kind: 'trained' as const,
      objective: { ...DEFAULT_OBJECTIVE, kind: 'target-penalty' as const, targetRateNats: 1 },
    },
    {
      id: 'd',
      label: 'lagrange',
      kind: 'trained' as const,
      objective: { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange' as const, targetRateNats: 1.5 },
    },
  ],
};
const experiment = mode === 'image' ? imageExperiment : mode === 'gauss' ? gaussExperiment : toyExperiment;
let reports = 0;
const session = new TrainingSession(
  () => reports++,
  () => performance.now(),
  new MemoryStorage(),
  async (s) => decodeAsset(ensureImageAsset(s === 'custom' ? 'mnist' : s)),
);
await session.configure(experiment);
session.select([experiment.models[0]?.id ?? 'a', experiment.models[experiment.models.length - 1]?.id ?? 'd']);
await session.stepOnce(100);
if (typeof global.gc !== 'function') console.error('note: run with NODE_OPTIONS=--expose-gc for heap figures after GC');
global.gc?.();
const start = {
  tensors: tf.memory().numTensors,
  bytes: tf.memory().numBytes,
  heapMB: process.memoryUsage().heapUsed / 2 ** 20,
};
const t0 = performance.now();
for (let s = 100; s < steps; s += 100) {
  await session.stepOnce(100);
  if (s % 1000 === 0) await session.save();
}
if (typeof global.gc !== 'function') console.error('note: run with NODE_OPTIONS=--expose-gc for heap figures after GC');
global.gc?.();
const end = {
  tensors: tf.memory().numTensors,
  bytes: tf.memory().numBytes,
  heapMB: process.memoryUsage().heapUsed / 2 ** 20,
};
console.log(
  JSON.stringify({
    mode,
    backend: tf.getBackend(),
    models: experiment.models.length,
    steps: session.step,
    seconds: (performance.now() - t0) / 1000,
    reports,
    start,
    end,
    tensorGrowth: end.tensors - start.tensors,
    byteGrowth: end.bytes - start.bytes,
    heapGrowthMB: end.heapMB - start.heapMB,
  }),
);
session.dispose();
