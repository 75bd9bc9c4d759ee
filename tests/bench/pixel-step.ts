/**
 * Steps/s of one PixelCNN model (−+−, batch 64, MNIST-sized synthetic images) on tfjs-wasm in Node, 12 steps
 * after 2 warm-up steps; prints one number. To compare two commits, run it alternately in each tree.
 * Usage: npx tsx tests/bench/pixel-step.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { syntheticImages } from '../../src/model/vae/mlpBench';
import { VaeModel } from '../../src/model/vae/vaeModel';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import type { VaeArchitecture } from '../../src/lib/vaeSpec';
tf.enableProdMode();
await tf.setBackend('wasm');
await tf.ready();
const images = syntheticImages(1100);
const arch: VaeArchitecture = { encoder: '-', decoder: '+', marginal: '-', latentDim: 16, hidden: 256, depth: 1 };
const m = new VaeModel({
  arch,
  objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' },
  seed: 1,
  learningRate: 1e-3,
  batchSize: 64,
});
m.train(images, 2);
await m.readState();
const t0 = performance.now();
m.train(images, 12);
await m.readState();
console.log((12000 / (performance.now() - t0)).toFixed(2));
