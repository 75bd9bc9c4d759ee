/**
 * Marginals m(z). −: N(0, I). +: mean-only masked autoregressive flow on N(0, I):
 * u = z − μ(z) per step (alternating order), log m(z) = log N(u_K; 0, I) (unit Jacobian);
 * sampling inverts each step dimension by dimension. v: VampPrior, m(z) = Σ_k w_k e(z|φ_k)
 * with learned pseudo-inputs φ_k = sigmoid(u_k) and softmax weights w; with an IAF encoder the
 * components are the encoder's Gaussians before its flow (documented simplification).
 * l: a fixed standard logistic per dimension with unit variance (VIMAE-l's prior).
 */
import * as tf from '@tensorflow/tfjs-core';
import { VAE_SIZES, type VaeArchitecture } from '../../lib/vaeSpec';
import type { Encoder } from './encoder';
import {
  gaussianLogDensity,
  LOGISTIC_SCALE,
  logisticFromNormal,
  Made,
  standardLogisticLogDensity,
  standardNormalLogDensity,
} from './layers';
import type { ParamStore } from './params';

export class Marginal {
  private readonly flows: Made[] = [];

  constructor(
    private readonly store: ParamStore,
    private readonly arch: VaeArchitecture,
    private readonly encoder: Encoder,
  ) {
    if (arch.marginal === '+') {
      for (let t = 0; t < VAE_SIZES.flowSteps; t++)
        this.flows.push(new Made(store, `maf${t}`, arch.latentDim, VAE_SIZES.madeHidden, t % 2 === 1));
    } else if (arch.marginal === 'v') {
      const k = VAE_SIZES.pseudoInputs;
      store.add('vamp.u', [k, encoder.pixels], { kind: 'normal', std: 0.5 });
      store.add('vamp.w', [k], { kind: 'zeros' });
    }
  }

  /** True for the fixed N(0, I), where the rate has a closed form with a Gaussian encoder. */
  get isStandardNormal(): boolean {
    return this.arch.marginal === '-';
  }

  /** log m(z): z [B, L] → [B], nats. */
  logDensity(z: tf.Tensor2D): tf.Tensor1D {
    if (this.arch.marginal === '-') return standardNormalLogDensity(z);
    if (this.arch.marginal === 'l') return standardLogisticLogDensity(z);
    if (this.arch.marginal === '+') {
      let u = z;
      for (const f of this.flows) u = tf.sub(u, f.apply(u)) as tf.Tensor2D;
      return standardNormalLogDensity(u);
    }
    const comps = this.components();
    const b = z.shape[0];
    const k = comps.mean.shape[0];
    const l = z.shape[1];
    // [B, K] component log densities by broadcasting z [B,1,L] against [1,K,L].
    const zz = tf.reshape(z, [b, 1, l]);
    const logN = gaussianLogDensity(zz, tf.reshape(comps.mean, [1, k, l]), tf.reshape(comps.std, [1, k, l]));
    return tf.logSumExp(tf.add(logN, tf.reshape(comps.logWeights, [1, k])), -1) as tf.Tensor1D;
  }

  /** VampPrior components: means/stds [K, L] and log weights [K]. */
  private components(): { mean: tf.Tensor2D; std: tf.Tensor2D; logWeights: tf.Tensor1D } {
    const pseudo = tf.sigmoid(this.store.get('vamp.u')) as tf.Tensor2D;
    const enc = this.encoder.encode(pseudo, true);
    return { mean: enc.mean, std: enc.std, logWeights: tf.logSoftmax(this.store.get('vamp.w')) as tf.Tensor1D };
  }

  /**
   * The score ∇log m(z) [B, L] used by the Stein surrogate: exact for the fixed priors (− and l);
   * for the learned marginals (+, v) the base N(0, I)'s score −z (documented simplification).
   */
  score(z: tf.Tensor2D): tf.Tensor2D {
    if (this.arch.marginal === 'l')
      return tf.div(tf.neg(tf.tanh(tf.div(z, 2 * LOGISTIC_SCALE))), LOGISTIC_SCALE) as tf.Tensor2D;
    return tf.neg(z) as tf.Tensor2D;
  }

  /** n samples z ~ m(z) from standard normal noise eps [n, L] (and uniforms [n] for the mixture). */
  sample(eps: tf.Tensor2D, uniform: tf.Tensor1D): tf.Tensor2D {
    if (this.arch.marginal === '-') return eps;
    if (this.arch.marginal === 'l') return logisticFromNormal(eps) as tf.Tensor2D;
    if (this.arch.marginal === '+') {
      // Invert u = x − μ(x) for each step, last step first: x_i = u_i + μ_i(x_<i), one dim per pass.
      let z = eps;
      for (let t = this.flows.length - 1; t >= 0; t--) {
        const f = this.flows[t] as Made;
        let x = z;
        for (let i = 0; i < this.arch.latentDim; i++) x = tf.add(z, f.apply(x)) as tf.Tensor2D;
        z = x;
      }
      return z;
    }
    const comps = this.components();
    // Pick component k by inverse CDF of the weights, then z = mean_k + std_k·ε.
    const cdf = tf.cumsum(tf.exp(comps.logWeights));
    const below = tf.sum(tf.cast(tf.less(tf.expandDims(cdf, 0), tf.expandDims(uniform, 1)), 'int32'), 1);
    const k = tf.cast(tf.minimum(below, tf.scalar(comps.mean.shape[0] - 1, 'int32')), 'int32');
    return tf.add(tf.gather(comps.mean, k), tf.mul(tf.gather(comps.std, k), eps)) as tf.Tensor2D;
  }

  dispose(): void {
    this.flows.forEach((f) => f.dispose());
  }
}
