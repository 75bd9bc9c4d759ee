/**
 * Node side of the benchmark: the same ToyPopulation on tfjs's wasm and cpu backends in Node
 * (the headless runner's engine), and the MLP-VAE image benchmark. Prints {rows, mlp} as JSON on stdout.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { ToyPopulation } from '../../src/model/toyPopulation';
import { benchMlp } from '../../src/model/vae/mlpBench';

tf.enableProdMode(); // not IS_TEST: that makes tfjs keep a per-kernel leak-check stack that grows without bound
const family = (process.argv[2] === 'smooth' ? 'smooth' : 'tabular') as 'tabular' | 'smooth';
const rows: unknown[] = [];
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const population of [1, 64]) {
    const objectives = Array.from({ length: population }, (_, i) => ({
      ...DEFAULT_OBJECTIVE,
      kind: 'target-lagrange' as const,
      targetRateNats: (3 * i) / population,
    }));
    const pop = new ToyPopulation({ family, objectives, seed: 1, learningRate: 0.01 });
    pop.train(5);
    await pop.readState();
    const t0 = performance.now();
    let steps = 0;
    while (steps < 3000 && (steps === 0 || performance.now() - t0 < 3000)) {
      const n = steps < 50 ? 5 : 50;
      pop.train(n);
      await pop.readState();
      steps += n;
    }
    const s = (performance.now() - t0) / 1000;
    rows.push({
      where: 'node',
      backend,
      population,
      family,
      stepsPerSecond: steps / s,
      modelStepsPerSecond: (steps * population) / s,
      note: `${steps} steps in ${s.toFixed(2)} s`,
    });
    pop.dispose();
  }
}
const mlp: unknown[] = [];
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  mlp.push({ where: 'node', ...(await benchMlp(backend === 'cpu' ? 8 : 6)) });
}
process.stdout.write(`${JSON.stringify({ rows, mlp })}\n`);
