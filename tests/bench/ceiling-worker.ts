/**
 * One process of tests/bench/ceiling.mjs: trains, on tfjs wasm in Node, either `mnist R` (R image
 * VAEs of the simple family (−,−,−), batch 64, static MNIST, β from the app's sweep, in turns of 10
 * steps as a training worker does) or `toy P` (a ToyPopulation of P β models, tabular, 50 steps
 * per call), until killed. Prints {t (ms, Date.now()), steps (run-steps or model-steps so far)}
 * as a JSON line about every 250 ms.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { decodeAsset } from '../../src/data/binaryImages';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { ToyPopulation } from '../../src/model/toyPopulation';
import { ImageTensors } from '../../src/model/vae/imageTensors';
import { VaeModel } from '../../src/model/vae/vaeModel';
import { parseRunnerArgs } from '../../src/cli/args';
import { ensureImageAsset } from '../../src/cli/buildMnist';
import { IMAGE_SWEEP_BETAS } from '../../src/lib/vaePresets';

tf.enableProdMode();
await tf.setBackend('wasm');
await tf.ready();
const [kind, countArg] = process.argv.slice(2);
const count = Number(countArg);
let steps = 0;
let shown = 0;
const show = () => {
  const t = Date.now();
  if (t - shown < 250) return;
  shown = t;
  process.stdout.write(`${JSON.stringify({ t, steps })}\n`);
};
if (kind === 'mnist') {
  const config = parseRunnerArgs(['--preset', 'mnist', '--batch', '64', '--objective', 'beta']);
  const images = new ImageTensors(decodeAsset(ensureImageAsset(config.image.images)));
  const runs = Array.from(
    { length: count },
    (_, i) =>
      new VaeModel({
        arch: config.image.arch,
        objective: { ...config.objective, beta: IMAGE_SWEEP_BETAS[i % IMAGE_SWEEP_BETAS.length] as number },
        seed: i + 1,
        learningRate: config.learningRate,
        batchSize: 64,
      }),
  );
  for (;;) {
    for (const run of runs) {
      run.train(images, 10);
      await run.readState();
      steps += 10;
      show();
    }
  }
} else {
  const objectives = Array.from({ length: count }, (_, i) => ({
    ...DEFAULT_OBJECTIVE,
    kind: 'beta' as const,
    beta: 0.05 * 400 ** (i / Math.max(1, count - 1)),
  }));
  const pop = new ToyPopulation({ family: 'tabular', objectives, seed: 1, learningRate: 0.01 });
  for (;;) {
    pop.train(50);
    await pop.readState();
    steps += 50 * count;
    show();
  }
}
