/**
 * Maximum mean discrepancy between two samples of codes, in plain numbers: the reference the
 * tfjs version (model/vae/mmd.ts) is tested against, and the closed form it is checked with.
 *
 * Kernels over z ∈ R^L with scale C (the "bandwidth", shown in the UI), C = 2·L·σ_p² by default
 * (σ_p² = 1: every prior here has unit variance per dimension, as in WAE):
 *   gaussian  k(a, b) = exp(−‖a − b‖² / C)
 *   imq       k(a, b) = C / (C + ‖a − b‖²)      (inverse multiquadric)
 * MMD² is the unbiased U-statistic of Gretton et al.:
 *   1/(n(n−1)) Σ_{i≠j} k(q_i, q_j) + 1/(m(m−1)) Σ_{i≠j} k(p_i, p_j) − 2/(nm) Σ_{i,j} k(q_i, p_j),
 * dimensionless; it can dip below 0 when the two samples come from one distribution.
 */
export const MMD_KERNELS = ['imq', 'gaussian'] as const;
export type MmdKernel = (typeof MMD_KERNELS)[number];

/**
 * The divergence Div(q(z) ‖ p(z)) an objective weights by b: MMD² with either kernel, or InfoVAE's
 * Stein variational gradient surrogate (math/stein.ts; monitored with the gaussian-kernel MMD²).
 */
export const DIVERGENCES = ['imq', 'gaussian', 'stein'] as const;
export type Divergence = (typeof DIVERGENCES)[number];

/** The kernel an objective's MMD² is measured (and constrained) with. */
export function measureKernel(d: Divergence): MmdKernel {
  return d === 'stein' ? 'gaussian' : d;
}

/** The default kernel scale C = 2·L (unit-variance priors). */
export function defaultKernelScale(latentDim: number): number {
  return 2 * latentDim;
}

/** k(a, b) from the squared distance ‖a − b‖². */
export function kernelOfSquaredDistance(kernel: MmdKernel, sqDist: number, scale: number): number {
  return kernel === 'gaussian' ? Math.exp(-sqDist / scale) : scale / (scale + sqDist);
}

function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return s;
}

/** Unbiased MMD² between samples q [n][L] and p [m][L] (n, m ≥ 2). */
export function mmdSquared(
  q: readonly ArrayLike<number>[],
  p: readonly ArrayLike<number>[],
  kernel: MmdKernel,
  scale: number,
): number {
  const n = q.length;
  const m = p.length;
  if (n < 2 || m < 2) throw new Error('MMD needs at least two codes on each side');
  const k = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
    kernelOfSquaredDistance(kernel, sqDist(a, b), scale);
  let qq = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) qq += k(q[i] as ArrayLike<number>, q[j] as ArrayLike<number>);
  let pp = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) if (i !== j) pp += k(p[i] as ArrayLike<number>, p[j] as ArrayLike<number>);
  let qp = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) qp += k(q[i] as ArrayLike<number>, p[j] as ArrayLike<number>);
  return qq / (n * (n - 1)) + pp / (m * (m - 1)) - (2 * qp) / (n * m);
}

/**
 * Population MMD² between two 1-D Gaussians N(a, s²) and N(b, t²) under the gaussian kernel, in
 * closed form: for independent x ~ N(μ1, v1), y ~ N(μ2, v2), x − y ~ N(μ1 − μ2, v1 + v2), so
 * E exp(−(x − y)²/C) = √(C / (C + 2(v1 + v2))) · exp(−(μ1 − μ2)² / (C + 2(v1 + v2))).
 */
export function gaussianKernelMmdSquared1d(
  a: { mean: number; variance: number },
  b: { mean: number; variance: number },
  scale: number,
): number {
  const e = (m1: number, v1: number, m2: number, v2: number): number => {
    const s = scale + 2 * (v1 + v2);
    return Math.sqrt(scale / s) * Math.exp(-((m1 - m2) ** 2) / s);
  };
  return (
    e(a.mean, a.variance, a.mean, a.variance) +
    e(b.mean, b.variance, b.mean, b.variance) -
    2 * e(a.mean, a.variance, b.mean, b.variance)
  );
}
