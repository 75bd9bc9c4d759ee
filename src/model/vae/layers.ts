/**
 * Building blocks shared by the VAE parts: dense layers, Gaussian and Bernoulli log densities,
 * and a MADE network (masked MLP) used by the IAF encoder and the MAF marginal.
 * All functions are pure tensor functions: call them inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { madeMasks } from '../../math/made';
import { matMul, matMulDataInput } from './matMul';
import { he, small, type ParamStore } from './params';

/** ½ log 2π: the normal density's constant, nats. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** x [B, in] · W [in, out] + b [out] → [B, out]. `dataInput`: x is data, no gradient flows to it (cheaper). */
export function dense(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, dataInput = false): tf.Tensor2D {
  return tf.add((dataInput ? matMulDataInput : matMul)(x, w as tf.Tensor2D), b) as tf.Tensor2D;
}

/** Σ_j log N(z_j; mean_j, std_j²) over the last axis: z, mean, std [B, L] → [B], nats. */
export function gaussianLogDensity(z: tf.Tensor, mean: tf.Tensor, std: tf.Tensor): tf.Tensor1D {
  const u = tf.div(tf.sub(z, mean), std);
  return tf.neg(tf.sum(tf.add(tf.add(tf.mul(tf.square(u), 0.5), tf.log(std)), HALF_LOG_2PI), -1)) as tf.Tensor1D;
}

/** Σ_j log N(z_j; 0, 1): z [B, L] → [B], nats. */
export function standardNormalLogDensity(z: tf.Tensor): tf.Tensor1D {
  return tf.neg(tf.sum(tf.add(tf.mul(tf.square(z), 0.5), HALF_LOG_2PI), -1)) as tf.Tensor1D;
}

/**
 * Identity with a zero gradient: values computed from the model that must act as constants (loss weights, the Stein
 * direction).
 */
export const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: (args[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
})) as (x: tf.Tensor) => tf.Tensor;

/** Scale s of the unit-variance logistic (variance s²π²/3 = 1). */
export const LOGISTIC_SCALE = Math.sqrt(3) / Math.PI;

/**
 * Σ_j log Logistic(z_j; 0, s) with unit variance: log f(z) = −z/s − 2·log(1 + e^(−z/s)) − log s,
 * written with softplus of −|z|/s so it stays finite for huge |z|. z [B, L] → [B], nats.
 */
export function standardLogisticLogDensity(z: tf.Tensor): tf.Tensor1D {
  const u = tf.div(tf.abs(z), LOGISTIC_SCALE);
  // The density is symmetric, so use |z|: −u − 2·softplus(−u).
  const per = tf.sub(tf.sub(tf.neg(u), tf.mul(tf.softplus(tf.neg(u)), 2)), Math.log(LOGISTIC_SCALE));
  return tf.sum(per, -1) as tf.Tensor1D;
}

/** Unit-variance logistic samples from standard normal noise eps (through Φ, the normal CDF). */
export function logisticFromNormal(eps: tf.Tensor): tf.Tensor {
  const u = tf.clipByValue(tf.mul(tf.add(tf.erf(tf.div(eps, Math.SQRT2)), 1), 0.5), 1e-7, 1 - 1e-7);
  return tf.mul(tf.sub(tf.log(u), tf.log1p(tf.neg(u))), LOGISTIC_SCALE);
}

/** KL(N(mean, std²) ‖ N(0, 1)) summed over the last axis: [B, L] → [B], nats. */
export function klToStandardNormal(mean: tf.Tensor, std: tf.Tensor): tf.Tensor1D {
  const v = tf.square(std);
  return tf.mul(tf.sum(tf.sub(tf.sub(tf.add(tf.square(mean), v), 1), tf.log(v)), -1), 0.5) as tf.Tensor1D;
}

/**
 * −log Bernoulli(x | sigmoid(logits)) summed over pixels, stable for huge logits:
 * softplus(l) − x·l = max(l, 0) − x·l + log(1 + e^−|l|). logits, x [B, N] → [B], nats.
 */
export function bernoulliNegLogLik(logits: tf.Tensor, x: tf.Tensor): tf.Tensor1D {
  const t = tf.add(tf.sub(tf.relu(logits), tf.mul(x, logits)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.sum(t, -1) as tf.Tensor1D;
}

/**
 * A MADE network dim → h → h → dim (ReLU), output i depending only on inputs before i in its
 * order, with an optional context (encoder features) added unmasked to the first hidden layer.
 * The output layer starts near zero so that a flow step starts near the identity.
 */
export class Made {
  private readonly masks: tf.Tensor2D[];
  private readonly names: string[];

  constructor(
    private readonly store: ParamStore,
    readonly prefix: string,
    readonly dim: number,
    hidden: number,
    reversed: boolean,
    readonly contextDim = 0,
  ) {
    const sizes = [dim, hidden, hidden, dim];
    this.masks = madeMasks(dim, [hidden, hidden], reversed).map((m, l) =>
      tf.tensor2d(m, [sizes[l] as number, sizes[l + 1] as number]),
    );
    this.names = [];
    for (let l = 0; l < 3; l++) {
      const fanIn = sizes[l] as number;
      store.add(`${prefix}.w${l}`, [fanIn, sizes[l + 1] as number], l === 2 ? small(fanIn) : he(fanIn));
      store.add(`${prefix}.b${l}`, [sizes[l + 1] as number], { kind: 'zeros' });
      this.names.push(`${prefix}.w${l}`);
    }
    if (contextDim > 0) store.add(`${prefix}.wc`, [contextDim, hidden], small(contextDim));
  }

  /** z [B, dim] (and context [B, contextDim]) → [B, dim]. */
  apply(z: tf.Tensor2D, context?: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = z;
    for (let l = 0; l < 3; l++) {
      const w = tf.mul(this.store.get(`${this.prefix}.w${l}`), this.masks[l] as tf.Tensor2D);
      h = dense(h, w, this.store.get(`${this.prefix}.b${l}`));
      if (l === 0 && context && this.contextDim > 0)
        h = tf.add(h, matMul(context, this.store.get(`${this.prefix}.wc`) as tf.Tensor2D));
      if (l < 2) h = tf.relu(h);
    }
    return h;
  }

  dispose(): void {
    this.masks.forEach((m) => m.dispose());
  }
}
