/**
 * The image benchmark of the issue: steps/s of the simple MLP VAE (784-512-20, batch 128) on the
 * current backend, and its efficiency: the step's matmul FLOPs per second divided by the FLOP/s
 * of plain tf.matMul of the step's largest layer ([128, 784] × [784, 512]) measured just before.
 * Step FLOPs = the matmul FLOPs the step really does: the forward products, one weight-gradient
 * product per layer, and one input-gradient product per layer except the first (the images
 * need no gradient). Elementwise work (activations, losses, Adam) is not counted, so the ratio
 * is a lower bound of how well the step uses the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { splitImages } from '../../data/binaryImages';
import { DEFAULT_OBJECTIVE } from '../../math/objective';
import { mulberry32 } from '../../math/rng';
import type { VaeArchitecture } from '../../lib/vaeSpec';
import { ImageTensors } from './imageTensors';
import { VaeModel } from './vaeModel';

export const BENCH_ARCH: VaeArchitecture = {
  encoder: '-',
  decoder: '-',
  marginal: '-',
  latentDim: 20,
  hidden: 512,
  depth: 1,
};
export const BENCH_BATCH = 128;

export interface MlpBenchRow {
  backend: string;
  stepsPerSecond: number | null;
  /** Matmul FLOPs of one training step. */
  stepFlops: number;
  matmulFlopsPerSecond: number | null;
  /** stepFlops · steps/s ÷ matmul FLOP/s. */
  efficiency: number | null;
  note: string;
  /** webgpu and webgl: which Adam update ran (the elementwise kernels or the fused programs, model/fusedAdam.ts). */
  adam?: 'fused' | 'elementwise';
  /** Which step trained: the lean wasm step (model/vae/lean) or the tensor path. */
  engine?: 'lean' | 'tensor' | null;
  /** The model measured: `784-hidden-latent`, batch. */
  model?: string;
  batch?: number;
}

/** Forward matmul FLOPs of the (−−−) MLP VAE: encoder 784→h→(mean, std), decoder L→h→784. */
export function mlpForwardFlops(a: VaeArchitecture, batch: number, pixels = 784): number {
  const macs = pixels * a.hidden + a.hidden * 2 * a.latentDim + a.latentDim * a.hidden + a.hidden * pixels;
  return 2 * batch * macs;
}

/** Matmul FLOPs of one training step: forward + weight gradients + input gradients but the first layer's. */
export function mlpStepFlops(a: VaeArchitecture, batch: number, pixels = 784): number {
  const f = mlpForwardFlops(a, batch, pixels);
  return 3 * f - 2 * batch * pixels * a.hidden;
}

/** n seeded random binary 28×28 images (a benchmark's data: the step's cost does not depend on the pixels). */
export function syntheticImages(n: number): ImageTensors {
  const rand = mulberry32(1);
  const pixels = Uint8Array.from({ length: n * 784 }, () => (rand() < 0.13 ? 1 : 0));
  return new ImageTensors(
    splitImages({ pixels, labels: new Uint8Array(n), width: 28, height: 28, trainCount: n - 100, seed: 1 }),
  );
}

/** FLOP/s of [batch, 784] × [784, hidden] matMuls, read back every `chunk` products. */
async function matmulFlopsPerSecond(maxSeconds: number, batch: number, hidden: number): Promise<number> {
  const a = tf.randomNormal([batch, 784]);
  const b = tf.randomNormal([784, hidden]);
  const once = async (n: number): Promise<void> => {
    const outs: tf.Tensor[] = [];
    for (let i = 0; i < n; i++) outs.push(tf.matMul(a, b));
    await Promise.all(outs.map((o) => o.data()));
    outs.forEach((o) => o.dispose());
  };
  await once(3);
  const t0 = performance.now();
  let count = 0;
  while (count === 0 || performance.now() - t0 < maxSeconds * 1000) {
    await once(10);
    count += 10;
  }
  const s = (performance.now() - t0) / 1000;
  a.dispose();
  b.dispose();
  return (count * 2 * batch * 784 * hidden) / s;
}

/** The runner's default MNIST model (784-256-16, batch 64): the one the CPU step is compared with PyTorch on. */
export const DEFAULT_ARCH: VaeArchitecture = { ...BENCH_ARCH, latentDim: 16, hidden: 256 };
export const DEFAULT_BATCH = 64;

/** Measure the MLP VAE step and plain matMul of its largest layer on the current backend. */
export async function benchMlp(maxSeconds: number, arch = BENCH_ARCH, batch = BENCH_BATCH): Promise<MlpBenchRow> {
  const backend = tf.getBackend();
  const stepFlops = mlpStepFlops(arch, batch);
  const images = syntheticImages(1100);
  const model = new VaeModel({
    arch,
    objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 1 },
    seed: 1,
    learningRate: 1e-3,
    batchSize: batch,
  });
  const described = { model: `784-${arch.hidden}-${arch.latentDim}`, batch };
  try {
    const matmul = await matmulFlopsPerSecond(maxSeconds / 2, batch, arch.hidden);
    model.train(images, 3);
    await model.readState();
    const t0 = performance.now();
    let steps = 0;
    while (steps === 0 || performance.now() - t0 < (maxSeconds / 2) * 1000) {
      model.train(images, 5);
      await model.readState();
      steps += 5;
    }
    const sps = steps / ((performance.now() - t0) / 1000);
    return {
      backend,
      stepsPerSecond: sps,
      stepFlops,
      matmulFlopsPerSecond: matmul,
      efficiency: (stepFlops * sps) / matmul,
      note: `${steps} steps`,
      engine: model.engine,
      ...described,
    };
  } catch (e) {
    return {
      backend,
      stepsPerSecond: null,
      stepFlops,
      matmulFlopsPerSecond: null,
      efficiency: null,
      note: `failed: ${(e as Error).message}`,
      ...described,
    };
  } finally {
    model.dispose();
    images.dispose();
  }
}
