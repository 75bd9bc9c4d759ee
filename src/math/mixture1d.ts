/**
 * The mixture-of-two-Gaussians problem of the Lagrangian family paper (§4.1), in plain
 * numbers: data q(x) = ½N(−1, ¼) + ½N(1, ¼) in 1-D (variance ¼), its differential entropy, and
 * the two quantities the paper plots over training, computed accurately by quadrature instead of
 * sampling (1-D allows it):
 *   true NLL  −E_q(x)[log p(x)],  p(x) = ∫ N(z; 0, 1) N(x; μ_d(z), σ_d(z)²) dz  (a fine z grid)
 *   I_q(x; z) = E_q(x) E_e(z|x)[log e(z|x) − log q(z)],  q(z) = E_q(x) e(z|x)  (x grid, and the
 *               inner expectation in standardised t = (z − μ)/σ so it resolves any encoder width)
 * All in nats.
 */
import { mulberry32 } from './rng';

export const MIXTURE_MEANS = [-1, 1] as const;
export const MIXTURE_VARIANCE = 0.25;
const STD = Math.sqrt(MIXTURE_VARIANCE);
const LOG_2PI = Math.log(2 * Math.PI);

export function normalLogDensity(x: number, mean: number, std: number): number {
  const u = (x - mean) / std;
  return -0.5 * u * u - Math.log(std) - 0.5 * LOG_2PI;
}

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log q(x) of the data. */
export function mixtureLogDensity(x: number): number {
  return logAddExp(normalLogDensity(x, MIXTURE_MEANS[0], STD), normalLogDensity(x, MIXTURE_MEANS[1], STD)) - Math.LN2;
}

/** n seeded samples of q(x) (Box–Muller). */
export function sampleMixture(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    out[i] = (r() < 0.5 ? MIXTURE_MEANS[0] : MIXTURE_MEANS[1]) + STD * g;
  }
  return out;
}

/** Evenly spaced points lo…hi (n ≥ 2) and the spacing. */
export function grid(lo: number, hi: number, n: number): { points: Float64Array; step: number } {
  const step = (hi - lo) / (n - 1);
  return { points: Float64Array.from({ length: n }, (_, i) => lo + i * step), step };
}

/** The quadrature grids: x for expectations over q(x), z for p(x)'s integral, t for e(z|x)'s. */
export const QUADRATURE = {
  x: { lo: -3.5, hi: 3.5, n: 281 },
  z: { lo: -6, hi: 6, n: 6001 },
  t: { lo: -6, hi: 6, n: 97 },
} as const;

/** x grid points with normalised data weights q(x_i)Δx. */
export function dataQuadrature(n: number = QUADRATURE.x.n): { x: Float64Array; weights: Float64Array } {
  const { points } = grid(QUADRATURE.x.lo, QUADRATURE.x.hi, n);
  const w = points.map((x) => Math.exp(mixtureLogDensity(x)));
  const s = w.reduce((a, b) => a + b, 0);
  return { x: points, weights: w.map((v) => v / s) };
}

/** Differential entropy H = −∫ q log q of the data (fine grid), nats. */
export function mixtureEntropyNats(): number {
  const { points, step } = grid(-6, 6, 24001);
  let h = 0;
  for (const x of points) {
    const l = mixtureLogDensity(x);
    h -= Math.exp(l) * l * step;
  }
  return h;
}

/**
 * True −E_q[log p(x)] of a decoder given on the z grid: decMean, decStd [z.length] at the points
 * of grid(z.lo, z.hi, z.n); xs and their weights from dataQuadrature.
 */
export function trueNllNats(opts: {
  z: Float64Array;
  zStep: number;
  decMean: ArrayLike<number>;
  decStd: ArrayLike<number>;
  x: Float64Array;
  weights: Float64Array;
}): number {
  const logP = modelLogDensity(opts);
  return -opts.weights.reduce((s, w, i) => s + w * (logP[i] as number), 0);
}

/** log p(x) of the model at each x (same inputs as trueNllNats). */
export function modelLogDensity(opts: {
  z: Float64Array;
  zStep: number;
  decMean: ArrayLike<number>;
  decStd: ArrayLike<number>;
  x: Float64Array;
}): Float64Array {
  const { z, zStep, decMean, decStd, x } = opts;
  const logPrior = Array.from(z, (v) => normalLogDensity(v, 0, 1) + Math.log(zStep));
  return x.map((xi) => {
    // Sum in the linear domain against the running maximum (faster than logAddExp per term).
    let max = Number.NEGATIVE_INFINITY;
    const terms = new Float64Array(z.length);
    for (let j = 0; j < z.length; j++) {
      const v = (logPrior[j] as number) + normalLogDensity(xi, decMean[j] as number, decStd[j] as number);
      terms[j] = v;
      if (v > max) max = v;
    }
    let s = 0;
    for (let j = 0; j < z.length; j++) s += Math.exp((terms[j] as number) - max);
    return max + Math.log(s);
  });
}

/**
 * I_q(x; z) of an encoder given on the x grid: encMean, encStd [x.length]; q(z) is the mixture of
 * those Gaussians under the data weights. The inner expectation over e(z|x) runs on a grid of
 * t = (z − μ)/σ with normal weights.
 */
export function encoderMiNats(opts: {
  encMean: ArrayLike<number>;
  encStd: ArrayLike<number>;
  weights: Float64Array;
}): number {
  const { encMean, encStd, weights } = opts;
  const n = weights.length;
  const t = grid(QUADRATURE.t.lo, QUADRATURE.t.hi, QUADRATURE.t.n);
  const tw = Array.from(t.points, (v) => Math.exp(normalLogDensity(v, 0, 1)) * t.step);
  const tws = tw.reduce((a, b) => a + b, 0);
  const logW = Array.from(weights, (w) => Math.log(w));
  const terms = new Float64Array(n);
  let mi = 0;
  for (let i = 0; i < n; i++) {
    if ((weights[i] as number) < 1e-12) continue;
    const mu = encMean[i] as number;
    const sd = encStd[i] as number;
    let inner = 0;
    t.points.forEach((tk, k) => {
      const zk = mu + sd * tk;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        const v = (logW[j] as number) + normalLogDensity(zk, encMean[j] as number, encStd[j] as number);
        terms[j] = v;
        if (v > max) max = v;
      }
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp((terms[j] as number) - max);
      inner += ((tw[k] as number) / tws) * (normalLogDensity(zk, mu, sd) - (max + Math.log(s)));
    });
    mi += (weights[i] as number) * inner;
  }
  return mi;
}
