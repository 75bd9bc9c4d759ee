/**
 * Node side of the CPU-step benchmark: the MLP VAE on tfjs-wasm (one thread), the lean step and the
 * tensor path, on the runner's default model (784-256-16, batch 64) and the image benchmark's
 * (784-512-20, batch 128), each with the matMul rate of its largest layer measured just before.
 * Prints [rows] as JSON on stdout. Usage: tsx tests/bench/cpu-step.ts [seconds per row]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { leanStepSwitch } from '../../src/model/vae/lean/leanCoverage';
import { BENCH_ARCH, BENCH_BATCH, benchMlp, DEFAULT_ARCH, DEFAULT_BATCH } from '../../src/model/vae/mlpBench';

tf.enableProdMode();
await tf.setBackend('wasm');
await tf.ready();
const seconds = Number(process.argv[2] ?? 6);
const rows = [];
for (const [arch, batch] of [
  [DEFAULT_ARCH, DEFAULT_BATCH],
  [BENCH_ARCH, BENCH_BATCH],
] as const) {
  for (const lean of [true, false]) {
    leanStepSwitch.enabled = lean;
    rows.push({ where: 'node', ...(await benchMlp(seconds, arch, batch)) });
  }
}
leanStepSwitch.enabled = true;
process.stdout.write(`${JSON.stringify(rows)}\n`);
