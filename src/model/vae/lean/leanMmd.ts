/**
 * MMD² of the lean step and its gradient with respect to the codes: the unbiased U-statistic of
 * mmd.ts (same kernels, scale C, squared distances clamped at 0), evaluated pairwise in float64 over
 * a batch (B² pairs of L numbers: small next to the step's products).
 *   MMD² = Σ_{i≠j} k(q_i, q_j) / (n(n−1)) + Σ_{i≠j} k(p_i, p_j) / (m(m−1)) − 2 Σ_{i,j} k(q_i, p_j) / (nm)
 *   ∂MMD²/∂q_i = 2 Σ_{j≠i} k'(d²_ij)·2(q_i − q_j) / (n(n−1)) − 2 Σ_j k'(d²_ij)·2(q_i − p_j) / (nm)
 * with k(d²) = exp(−d²/C) (gaussian) or C/(C + d²) (imq), k' its derivative in d².
 */
import { kernelOfSquaredDistance, type MmdKernel } from '../../../math/mmd';

const derivative = (kernel: MmdKernel, d2: number, c: number): number =>
  kernel === 'gaussian' ? -Math.exp(-d2 / c) / c : -c / ((c + d2) * (c + d2));

/** Squared distance of columns i of a and j of b, both feature-major [L, n]. */
function sqDist(a: Float32Array, i: number, b: Float32Array, j: number, l: number, n: number, m: number): number {
  let s = 0;
  for (let k = 0; k < l; k++) {
    const d = (a[k * n + i] as number) - (b[k * m + j] as number);
    s += d * d;
  }
  return s;
}

/**
 * MMD² of codes q against prior samples p (both feature-major [L, n]), and `weight`·∂MMD²/∂q added into
 * dq [L, n] (feature-major). n ≥ 2.
 */
export function mmdWithGradient(
  q: Float32Array,
  p: Float32Array,
  l: number,
  n: number,
  kernel: MmdKernel,
  scale: number,
  weight: number,
  dq: Float32Array,
): number {
  let qq = 0;
  let pp = 0;
  let qp = 0;
  const cqq = 2 / (n * (n - 1));
  const cqp = -2 / (n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dpq = sqDist(q, i, p, j, l, n, n);
      qp += kernelOfSquaredDistance(kernel, dpq, scale);
      const gqp = weight * cqp * 2 * derivative(kernel, dpq, scale);
      let gqq = 0;
      if (j !== i) {
        const dqq = sqDist(q, i, q, j, l, n, n);
        qq += kernelOfSquaredDistance(kernel, dqq, scale);
        pp += kernelOfSquaredDistance(kernel, sqDist(p, i, p, j, l, n, n), scale);
        gqq = weight * cqq * 2 * derivative(kernel, dqq, scale);
      }
      for (let k = 0; k < l; k++) {
        const qi = q[k * n + i] as number;
        dq[k * n + i] =
          (dq[k * n + i] as number) + gqq * (qi - (q[k * n + j] as number)) + gqp * (qi - (p[k * n + j] as number));
      }
    }
  }
  return qq / (n * (n - 1)) + pp / (n * (n - 1)) - (2 * qp) / (n * n);
}
