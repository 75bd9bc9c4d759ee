/**
 * The 1-D two-Gaussian problem (Lagrangian family §4.1) for the VAE code: a fixed seeded training sample of
 * q(x) addressed by index (TrainingData), the architecture the preset trains (1-D z, Gaussian
 * encoder and decoder, 2 hidden layers), and its evaluation by quadrature (math/mixture1d.ts):
 * the encoder on the x grid and the decoder on the z grid, read back as numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dataQuadrature, encoderMiNats, grid, modelLogDensity, QUADRATURE, sampleMixture } from '../../math/mixture1d';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import { MIXTURE_ARCH_SPEC } from '../../lib/vaePresets';
import type { TrainingData } from './vaeModel';
import type { Vae } from './vae';

/** Training samples drawn once (effectively infinite data for this problem). */
export const MIXTURE_TRAIN_SAMPLES = 50_000;

/** The preset's model: 1-D code, MLPs of 2 hidden layers (the paper's 1024 units, scaled to train live). */
export const MIXTURE_ARCH: VaeArchitecture = MIXTURE_ARCH_SPEC;

export class MixtureData implements TrainingData {
  readonly trainCount = MIXTURE_TRAIN_SAMPLES;
  private readonly samples: Float32Array;

  constructor(seed: number) {
    this.samples = sampleMixture(MIXTURE_TRAIN_SAMPLES, seed);
  }

  batch(indices: ArrayLike<number>): tf.Tensor2D {
    return tf.tensor2d(
      Float32Array.from({ length: indices.length }, (_, i) => this.samples[indices[i] as number] as number),
      [indices.length, 1],
    );
  }
}

export interface MixtureEvaluation {
  /** I_q(x; z) by quadrature, nats. */
  miNats: number;
  /** −E_q[log p(x)] by quadrature, nats. */
  trueNllNats: number;
  /** The x grid and the model's density p(x) on it (for the density panel). */
  x: Float32Array;
  modelDensity: Float32Array;
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/** Evaluate a 1-D Gaussian VAE by quadrature. */
export async function evaluateMixture(vae: Vae): Promise<MixtureEvaluation> {
  const { x, weights } = dataQuadrature();
  const z = grid(QUADRATURE.z.lo, QUADRATURE.z.hi, QUADRATURE.z.n);
  const [encMean, encStd] = tf.tidy(() => {
    const e = vae.encoder.encode(tf.tensor2d(Float32Array.from(x), [x.length, 1]));
    return [e.mean, e.std];
  });
  const [decMean, decStd] = tf.tidy(() => {
    const d = vae.decoder.gaussian(tf.tensor2d(Float32Array.from(z.points), [z.points.length, 1]));
    return [d.mean, d.std];
  });
  const em = await read(encMean as tf.Tensor);
  const es = await read(encStd as tf.Tensor);
  const dm = await read(decMean as tf.Tensor);
  const ds = await read(decStd as tf.Tensor);
  const logP = modelLogDensity({ z: z.points, zStep: z.step, decMean: dm, decStd: ds, x });
  return {
    miNats: encoderMiNats({ encMean: em, encStd: es, weights }),
    trueNllNats: -weights.reduce((s, w, i) => s + w * (logP[i] as number), 0),
    x: Float32Array.from(x),
    modelDensity: Float32Array.from(logP, (v) => Math.exp(v)),
  };
}
