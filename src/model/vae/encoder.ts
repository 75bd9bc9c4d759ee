/**
 * Encoders e(z|x). −: MLP 784 → hidden (ReLU, `depth` layers) → diagonal Gaussian (mean, softplus std).
 * +: the same, then k steps of mean-only inverse autoregressive flow z ← z + μ_t(z; h), each a
 * MADE with the encoder's hidden features as context, alternating order. Mean-only steps have a
 * unit Jacobian, so log e(z_T|x) = log N(z_0; mean, std²).
 */
import * as tf from '@tensorflow/tfjs-core';
import { VAE_SIZES, type VaeArchitecture } from '../../lib/vaeSpec';
import { dense, gaussianLogDensity, Made } from './layers';
import { he, small, type ParamStore } from './params';

/** Floor of the encoder's std, so R stays finite (a deterministic encoder has unbounded rate). */
export const MIN_ENCODER_STD = 1e-3;

export interface Encoding {
  /** Gaussian parameters before any flow, [B, L]. */
  mean: tf.Tensor2D;
  std: tf.Tensor2D;
  /** Hidden features [B, hidden] (IAF context). */
  hidden: tf.Tensor2D;
}

export class Encoder {
  private readonly flows: Made[] = [];

  constructor(
    private readonly store: ParamStore,
    private readonly arch: VaeArchitecture,
    readonly pixels: number,
  ) {
    store.add('enc.w1', [pixels, arch.hidden], he(pixels));
    store.add('enc.b1', [arch.hidden], { kind: 'zeros' });
    for (let k = 2; k <= arch.depth; k++) {
      store.add(`enc.w${k}h`, [arch.hidden, arch.hidden], he(arch.hidden));
      store.add(`enc.b${k}h`, [arch.hidden], { kind: 'zeros' });
    }
    store.add('enc.wm', [arch.hidden, arch.latentDim], small(arch.hidden));
    store.add('enc.bm', [arch.latentDim], { kind: 'zeros' });
    store.add('enc.ws', [arch.hidden, arch.latentDim], small(arch.hidden));
    // softplus(0.54) ≈ 1: the encoder starts at the prior's scale.
    store.add('enc.bs', [arch.latentDim], { kind: 'constant', value: 0.5413 });
    if (arch.encoder === '+') {
      for (let t = 0; t < VAE_SIZES.flowSteps; t++)
        this.flows.push(new Made(store, `iaf${t}`, arch.latentDim, VAE_SIZES.madeHidden, t % 2 === 1, arch.hidden));
    }
  }

  get hasFlow(): boolean {
    return this.flows.length > 0;
  }

  /**
   * x [B, pixels] in {0, 1} (or [0, 1]) → Gaussian parameters and features. `trainableInput`:
   * gradients must reach x (the VampPrior's pseudo-inputs); data images skip that product.
   */
  encode(x: tf.Tensor2D, trainableInput = false): Encoding {
    const s = this.store;
    const input = tf.sub(tf.mul(x, 2), 1) as tf.Tensor2D; // to [−1, 1], as in the paper
    let hidden = tf.relu(dense(input, s.get('enc.w1'), s.get('enc.b1'), !trainableInput));
    for (let k = 2; k <= this.arch.depth; k++)
      hidden = tf.relu(dense(hidden, s.get(`enc.w${k}h`), s.get(`enc.b${k}h`)));
    const mean = dense(hidden, s.get('enc.wm'), s.get('enc.bm'));
    const std = tf.add(tf.softplus(dense(hidden, s.get('enc.ws'), s.get('enc.bs'))), MIN_ENCODER_STD) as tf.Tensor2D;
    return { mean, std, hidden };
  }

  /** z_0 = mean + std·ε, then the flow: returns z_T [B, L] and log e(z_T|x) [B]. */
  sample(enc: Encoding, eps: tf.Tensor2D): { z: tf.Tensor2D; z0: tf.Tensor2D; logQ: tf.Tensor1D } {
    const z0 = tf.add(enc.mean, tf.mul(enc.std, eps)) as tf.Tensor2D;
    let z = z0;
    for (const f of this.flows) z = tf.add(z, f.apply(z, enc.hidden)) as tf.Tensor2D;
    return { z, z0, logQ: gaussianLogDensity(z0, enc.mean, enc.std) };
  }

  dispose(): void {
    this.flows.forEach((f) => f.dispose());
  }
}
