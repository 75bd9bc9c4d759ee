/**
 * Soak: a population of 4 models (one per target objective kind and family mix) for 10,000 steps
 * with reports every 100 steps, as the app runs it. Prints tensor count, tensor bytes and JS heap
 * at the start and end. Usage: npx tsx tests/bench/soak.ts [steps] [wasm|cpu]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { TrainingSession } from '../../src/worker/session';
import { buildExperiment, DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { MemoryStorage } from '../../src/worker/storage';

tf.enableProdMode(); // not IS_TEST: that makes tfjs keep a per-kernel leak-check stack that grows without bound
const steps = Number(process.argv[2] ?? 10_000);
await tf.setBackend(process.argv[3] === 'cpu' ? 'cpu' : 'wasm');
await tf.ready();
const { config } = buildExperiment({ ...DEFAULT_SETTINGS, preset: 'single', family: 'smooth' });
const experiment = {
  ...config,
  models: [
    { id: 'a', label: 'elbo', kind: 'trained' as const, objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' as const } },
    { id: 'b', label: 'beta', kind: 'trained' as const, objective: { ...DEFAULT_OBJECTIVE, kind: 'beta' as const, beta: 0.3 } },
    { id: 'c', label: 'penalty', kind: 'trained' as const, objective: { ...DEFAULT_OBJECTIVE, kind: 'target-penalty' as const, targetRateNats: 1 } },
    { id: 'd', label: 'lagrange', kind: 'trained' as const, objective: { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange' as const, targetRateNats: 1.5 } },
  ],
};
let reports = 0;
const session = new TrainingSession(() => reports++, () => performance.now(), new MemoryStorage());
await session.configure(experiment);
session.select(['a', 'd']);
await session.stepOnce(100);
if (typeof global.gc !== "function") console.error("note: run with NODE_OPTIONS=--expose-gc for heap figures after GC");
global.gc?.();
const start = { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heapMB: process.memoryUsage().heapUsed / 2 ** 20 };
const t0 = performance.now();
for (let s = 100; s < steps; s += 100) {
  await session.stepOnce(100);
  if (s % 1000 === 0) await session.save();
}
if (typeof global.gc !== "function") console.error("note: run with NODE_OPTIONS=--expose-gc for heap figures after GC");
global.gc?.();
const end = { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heapMB: process.memoryUsage().heapUsed / 2 ** 20 };
console.log(JSON.stringify({ backend: tf.getBackend(), models: 4, steps: session.step, seconds: (performance.now() - t0) / 1000, reports, start, end, tensorGrowth: end.tensors - start.tensors, byteGrowth: end.bytes - start.bytes, heapGrowthMB: end.heapMB - start.heapMB }));
session.dispose();
