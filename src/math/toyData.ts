/**
 * The toy problem of "Fixing a Broken ELBO" (Appendix E), computed exactly.
 * A class z* ∈ {0,1} with P(z*=0) = 0.7; h | z* ~ N(μ_z*, s²), μ = (−0.5, +0.5); x = h put into
 * 30 equal bins on [−1, 1], the outermost bins collecting the tails. The noise s is solved so that
 * I(x; z*) = 0.5 nats. Everything here is a finite table: p*(x) is known exactly.
 */
import { entropyNats, mutualInformationNats } from './info';
import { normalCdf } from './special';

/** Number of observation bins (x values). */
export const NUM_BINS = 30;
/** Number of latent values (categorical z). */
export const NUM_LATENTS = 30;
/** Range of the binned observation. */
export const X_MIN = -1;
export const X_MAX = 1;
/** Class prior P(z* = 0), P(z* = 1). */
export const CLASS_PRIOR: readonly [number, number] = [0.7, 0.3];
/** Class means μ₀, μ₁. */
export const CLASS_MEANS: readonly [number, number] = [-0.5, 0.5];
/** Mutual information I(x; z*) the noise level is solved for, in nats. */
export const TARGET_CLASS_MI_NATS = 0.5;

/** Bin edges e₀ … e₃₀ (31 numbers) on [X_MIN, X_MAX]. */
export function binEdges(numBins = NUM_BINS): number[] {
  return Array.from({ length: numBins + 1 }, (_, k) => X_MIN + ((X_MAX - X_MIN) * k) / numBins);
}

/** Bin centres (30 numbers), the x value the smooth model family sees. */
export function binCentres(numBins = NUM_BINS): number[] {
  const e = binEdges(numBins);
  return Array.from({ length: numBins }, (_, j) => 0.5 * ((e[j] as number) + (e[j + 1] as number)));
}

/**
 * p(x = j | z* = c) for both classes: [2][30]. The first and last bins take the tails:
 * their outer edges are −∞ and +∞.
 */
export function classConditionals(noiseStd: number, numBins = NUM_BINS): [number[], number[]] {
  const edges = binEdges(numBins);
  const one = (mean: number): number[] =>
    Array.from({ length: numBins }, (_, j) => {
      const lo = j === 0 ? Number.NEGATIVE_INFINITY : (edges[j] as number);
      const hi = j === numBins - 1 ? Number.POSITIVE_INFINITY : (edges[j + 1] as number);
      // Φ(b) − Φ(a) loses precision in the upper tail; use the mirrored form there.
      const a = (lo - mean) / noiseStd;
      const b = (hi - mean) / noiseStd;
      return a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a);
    });
  return [one(CLASS_MEANS[0]), one(CLASS_MEANS[1])];
}

/** I(x; z*) in nats for a given noise standard deviation. */
export function classMutualInformationNats(noiseStd: number): number {
  const [c0, c1] = classConditionals(noiseStd);
  return mutualInformationNats([c0.map((p) => CLASS_PRIOR[0] * p), c1.map((p) => CLASS_PRIOR[1] * p)]);
}

/**
 * Solve s so that I(x; z*) = target, by bisection on log s (I decreases as s grows).
 * Throws when the target is outside (0, H(z*)).
 */
export function solveNoiseStd(targetNats = TARGET_CLASS_MI_NATS): number {
  let lo = Math.log(1e-3);
  let hi = Math.log(100);
  const f = (logS: number): number => classMutualInformationNats(Math.exp(logS)) - targetNats;
  if (f(lo) < 0 || f(hi) > 0) throw new Error(`target I(x;z*) = ${targetNats} nats is not reachable`);
  for (let it = 0; it < 200 && hi - lo > 1e-15; it++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}

/** Everything known exactly about the toy data. Arrays are indexed by bin j or class c. */
export interface ToyProblem {
  readonly noiseStd: number;
  /** p*(x): [30] */
  readonly pData: readonly number[];
  /** p(x | z* = c): [2][30] */
  readonly pDataGivenClass: readonly [readonly number[], readonly number[]];
  /** P(z* = c | x = j): [2][30] */
  readonly pClassGivenData: readonly [readonly number[], readonly number[]];
  /** Data entropy H = −Σ p* log p*, nats. */
  readonly entropyNats: number;
  /** I(x; z*), nats (0.5 by construction). */
  readonly classInfoNats: number;
  /** Bin centres in [−1, 1]: [30] */
  readonly binCentres: readonly number[];
}

let cached: ToyProblem | undefined;

/** The toy problem (computed once). */
export function toyProblem(): ToyProblem {
  if (cached) return cached;
  const noiseStd = solveNoiseStd();
  const [c0, c1] = classConditionals(noiseStd);
  const pData = c0.map((p, j) => CLASS_PRIOR[0] * p + CLASS_PRIOR[1] * (c1[j] as number));
  const post0 = c0.map((p, j) => (CLASS_PRIOR[0] * p) / (pData[j] as number));
  const post1 = c1.map((p, j) => (CLASS_PRIOR[1] * p) / (pData[j] as number));
  cached = {
    noiseStd,
    pData,
    pDataGivenClass: [c0, c1],
    pClassGivenData: [post0, post1],
    entropyNats: entropyNats(pData),
    classInfoNats: classMutualInformationNats(noiseStd),
    binCentres: binCentres(),
  };
  return cached;
}
