/**
 * The runner's MNIST preset: one image VAE trained with the app's model code, printing JSON lines
 * {step, rate, distortion, negElbo, beta, targetRate, multiplier} (train batch, nats) plus
 * plus mmd (batch MMD²) and multipliers [μ_R, μ_MMD, μ_−ELBO], and {testNegElbo, testRate,
 * testDistortion, iwae, iwaeNegElbo, activeUnits, miEstimate, testMmd, genMiLower, knn100,
 * knn1000} when the held-out set is measured (every --eval-every steps and at the end); with
 * --final-eval test the final line adds `test` {set, images, k, rate, distortion, negElbo, iwae,
 * iwaeNegElbo, seconds} over every test digit (progress on stderr).
 */
import * as tf from '@tensorflow/tfjs-core';
import { decodeAsset } from '../data/binaryImages';
import { batchMetrics } from '../model/vae/batchMetrics';
import { measureKernel } from '../math/mmd';
import { familyLabel } from '../lib/vaeSpec';
import { evaluateHeldOut, DEFAULT_HELD_OUT } from '../model/vae/evaluate';
import { ImageTensors } from '../model/vae/imageTensors';
import { VaeModel } from '../model/vae/vaeModel';
import type { RunnerConfig } from './args';
import { ensureImageAsset } from './buildMnist';
import { evaluateTest } from '../model/vae/testEvaluation';
import { batchFields, trainAndReport } from './trainLoop';

export async function runImagePreset(config: RunnerConfig, write: (line: string) => void): Promise<void> {
  const images = new ImageTensors(decodeAsset(ensureImageAsset(config.image.images)));
  const model = new VaeModel({
    arch: config.image.arch,
    objective: config.objective,
    seed: config.seed,
    learningRate: config.learningRate,
    batchSize: config.image.batchSize,
  });
  const started = performance.now();
  const report = async (final: boolean): Promise<void> => {
    const st = await model.readState();
    const due = final || (config.image.evalEvery > 0 && model.step % config.image.evalEvery === 0);
    const held = due
      ? await evaluateHeldOut(model.vae, images, {
          ...DEFAULT_HELD_OUT,
          iwaeSamples: config.image.iwaeSamples,
          seed: config.seed,
          kernel: measureKernel(config.objective.kernel),
        })
      : null;
    const m = batchMetrics(config.objective, st);
    const test = final && config.image.finalEval === 'test' ? await finalTest(model, images, config) : null;
    const line = {
      ...batchFields(model.step, m),
      targetRate: config.objective.targetRateNats,
      multiplier: st.multiplier,
      mmd: st.mmd,
      multipliers: st.multipliers,
      ...(held
        ? {
            testNegElbo: held.heldOutNegElboNats,
            testRate: held.heldOutRateNats,
            testDistortion: held.heldOutDistortionNats,
            iwae: held.iwaeNats,
            iwaeNegElbo: held.iwaeNegElboNats,
            iwaeK: held.iwaeSamples,
            activeUnits: held.activeUnits,
            miEstimate: held.miEstimateNats,
            miCeiling: held.miCeilingNats,
            testMmd: held.mmd,
            trainRate: held.trainRateNats,
            ...(held.genMiLowerNats !== undefined ? { genMiLower: held.genMiLowerNats } : {}),
            ...(held.knnAccuracy100 !== undefined
              ? {
                  knn100: held.knnAccuracy100,
                  knn1000: held.knnAccuracy1000,
                  knnSample1000: held.knnSampleAccuracy1000,
                }
              : {}),
          }
        : {}),
      ...(test ? { test } : {}),
      ...(final
        ? {
            final: true,
            backend: tf.getBackend(),
            family: familyLabel(config.image.arch),
            latentDim: config.image.arch.latentDim,
            objective: config.objective.kind,
            seconds: (performance.now() - started) / 1000,
          }
        : {}),
    };
    write(JSON.stringify(line));
  };
  await trainAndReport(config.steps, config.every, (n) => model.train(images, n), report);
  model.dispose();
  images.dispose();
}

/** Every test digit's R, D and IWAE-k of the trained model, progress every 10 % on stderr. */
async function finalTest(
  model: VaeModel,
  images: ImageTensors,
  config: RunnerConfig,
): Promise<Record<string, number | string>> {
  let shown = 0;
  const t = await evaluateTest(
    model.vae,
    images,
    { k: config.image.iwaeSamples, seed: config.seed },
    {
      onProgress: (f) => {
        if (f - shown < 0.1 && f < 1) return;
        shown = f;
        process.stderr.write(`test evaluation (k = ${config.image.iwaeSamples}): ${Math.round(f * 100)} %\n`);
      },
    },
  );
  if (!t) throw new Error('the test evaluation stopped');
  return {
    set: t.set,
    images: t.images,
    k: t.k,
    rate: t.rateNats,
    distortion: t.distortionNats,
    negElbo: t.negElboNats,
    iwae: t.iwaeNats,
    iwaeNegElbo: t.iwaeNegElboNats,
    seconds: t.seconds,
  };
}
