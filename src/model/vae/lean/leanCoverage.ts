/**
 * Which image models the lean wasm step (leanMlpStep.ts) trains: MLP encoder and decoder, the N(0, I)
 * or logistic marginal, Bernoulli pixels, a batch that is a multiple of 4, on the wasm backend, with
 * any objective but the Stein divergence. The others take the tensor path (vaeTrainStep.ts); the
 * reason is reported with each model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { objectiveCoefficients, type ObjectiveSettings } from '../../../math/objective';
import type { VaeArchitecture } from '../../../lib/vaeSpec';
import { wasmHeapAvailable } from './wasmHeap';

/** Off: every image model trains on the tensor path (the benchmark and the equality tests compare the two). */
export const leanStepSwitch = { enabled: true };

/** Why a model cannot take the lean step here, or null when it can. */
export function leanStepBlocker(
  arch: VaeArchitecture,
  o: ObjectiveSettings,
  batch: number,
  pixels: number,
  gaussian: boolean,
): string | null {
  if (!leanStepSwitch.enabled) return 'switched off';
  if (tf.getBackend() !== 'wasm') return 'not the wasm backend';
  if (!wasmHeapAvailable()) return 'no WebAssembly SIMD kernels here';
  if (arch.encoder !== '-' || arch.decoder !== '-' || (arch.marginal !== '-' && arch.marginal !== 'l'))
    return 'family not yet covered';
  if (gaussian || pixels < 1) return 'Gaussian decoder';
  // The kernels run four batch columns at a time.
  if (batch % 4 !== 0) return 'batch size not a multiple of 4';
  if (o.kernel === 'stein' && leanUsesMmd(o, 0)) return 'Stein divergence';
  return null;
}

/** Whether step t's loss has an MMD² term (its weight or its constraint), as in vaeTrainStep. */
export const leanUsesMmd = (o: ObjectiveSettings, t: number): boolean =>
  objectiveCoefficients(o, t).mmdWeight > 0 || o.mmdMax > 0;
