/**
 * The runner's two-Gaussian preset (Lagrangian family §4.1): one 1-D VAE trained with the app's model code on
 * q(x) = ½N(−1, ¼) + ½N(1, ¼), printing JSON lines {step, rate, distortion, negElbo, beta, mmd,
 * multipliers, entropy} (train batch, nats) plus {mi, trueNll} by quadrature every --eval-every
 * steps and at the end. The MI cap of the paper's dashed lines is --constraint rate<=C.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchMetrics } from '../model/vae/batchMetrics';
import { mixtureEntropyNats } from '../math/mixture1d';
import { evaluateMixture, MIXTURE_ARCH, MixtureData } from '../model/vae/mixture1d';
import { VaeModel } from '../model/vae/vaeModel';
import type { RunnerConfig } from './args';
import { batchFields, trainAndReport } from './trainLoop';

export async function runMixturePreset(config: RunnerConfig, write: (line: string) => void): Promise<void> {
  const data = new MixtureData(config.seed);
  const model = new VaeModel({
    arch: MIXTURE_ARCH,
    objective: config.objective,
    seed: config.seed,
    learningRate: config.learningRate,
    batchSize: config.image.batchSize,
    dataDims: 1,
    likelihood: 'gaussian',
  });
  const entropy = mixtureEntropyNats();
  const started = performance.now();
  const report = async (final: boolean): Promise<void> => {
    const st = await model.readState();
    const due = final || (config.image.evalEvery > 0 && model.step % config.image.evalEvery === 0);
    const ev = due ? await evaluateMixture(model.vae) : null;
    const m = batchMetrics(config.objective, st);
    const line = {
      ...batchFields(model.step, m),
      mmd: st.mmd,
      multipliers: st.multipliers,
      entropy,
      ...(ev ? { mi: ev.miNats, trueNll: ev.trueNllNats } : {}),
      ...(final
        ? {
            final: true,
            backend: tf.getBackend(),
            objective: config.objective.kind,
            seconds: (performance.now() - started) / 1000,
          }
        : {}),
    };
    write(JSON.stringify(line));
  };
  await trainAndReport(config.steps, config.every, (n) => model.train(data, n), report);
  model.dispose();
}
