/**
 * The session store's image messages: reconstructions and samples, 1-D densities, Markov chains,
 * 2-D latents, test evaluations and the progress of grids being drawn, each kept per model.
 */
import type { TestEvaluation } from '../lib/metrics';
import type { FromWorker, ImageGrid, LatentMap } from '../worker/protocol';
import type { ModelImages } from './modelEntries';

/** A full test evaluation of one model's weights at `step`, as the worker last reported it. */
export interface TestEvalState {
  step: number;
  k: number;
  fraction: number | null;
  result: TestEvaluation | null;
}

/** The session store's image data, per model id. */
export interface ImageData {
  /** Image models: latest grids, and the progress (0–1) of grids being drawn. */
  images: Record<string, ModelImages>;
  imageProgress: Record<string, number>;
  /** 1-D models: the density p(x) on the x grid (nats⁻¹ per unit x). */
  densities: Record<string, { step: number; x: Float32Array; model: Float32Array }>;
  /** Image models: the latest Markov-chain frames (rows = chains, columns = steps; column 0 ancestral). */
  chains: Record<string, { step: number; grid: ImageGrid }>;
  /**
   * Image models: the last full test evaluation asked for (under way: fraction < 1, no result; stopped: fraction null).
   */
  testEvals: Record<string, TestEvalState>;
  /** Image models with a 2-D latent: test encodings over log m(z). */
  latents: Record<string, { step: number; map: LatentMap; labels: Uint8Array }>;
}

export type ImageMessage = Extract<
  FromWorker,
  { type: 'images' | 'density1d' | 'chain' | 'latents' | 'test-eval' | 'image-progress' }
>;

/** What `msg` changes in the store. */
export function imageUpdate(s: ImageData, msg: ImageMessage): Partial<ImageData> {
  const id = msg.modelId;
  switch (msg.type) {
    case 'images': {
      const imageProgress = { ...s.imageProgress };
      delete imageProgress[id];
      return {
        images: { ...s.images, [id]: { step: msg.step, recon: msg.recon, samples: msg.samples } },
        imageProgress,
      };
    }
    case 'density1d':
      return { densities: { ...s.densities, [id]: { step: msg.step, x: msg.x, model: msg.model } } };
    case 'chain':
      return { chains: { ...s.chains, [id]: { step: msg.step, grid: msg.grid } } };
    case 'latents':
      return { latents: { ...s.latents, [id]: { step: msg.step, map: msg.map, labels: msg.labels } } };
    case 'test-eval': {
      const evaluation = { step: msg.step, k: msg.k, fraction: msg.fraction, result: msg.result };
      return { testEvals: { ...s.testEvals, [id]: evaluation } };
    }
    case 'image-progress': {
      const imageProgress = { ...s.imageProgress };
      if (msg.fraction === null) delete imageProgress[id];
      else imageProgress[id] = msg.fraction;
      return { imageProgress };
    }
  }
}
