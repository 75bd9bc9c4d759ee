/**
 * The Stein variational gradient (Liu & Wang, 2016) that InfoVAE §4.1.2 uses as a surrogate for
 * the gradient of KL(q(z) ‖ p(z)), in plain numbers (the reference for model/vae/mmd.ts):
 *   φ(z_i) = (1/n) Σ_j [ k(z_j, z_i) ∇log p(z_j) + ∇_{z_j} k(z_j, z_i) ],
 * with the Gaussian kernel k(a, b) = exp(−‖a − b‖²/C), so ∇_a k(a, b) = −(2/C)(a − b)·k(a, b).
 * Moving each code along φ decreases KL(q ‖ p); the training surrogate is −(1/n) Σ_i ⟨φ_i, z_i⟩
 * with φ held fixed, whose gradient with respect to the codes is −φ/n.
 */

/** Score ∇log p(z) of the fixed priors: N(0, I) → −z; unit-variance logistic → −tanh(z/2s)/s. */
export function priorScore(prior: 'normal' | 'logistic', z: readonly number[]): number[] {
  const s = Math.sqrt(3) / Math.PI;
  return prior === 'normal' ? z.map((v) => -v) : z.map((v) => -Math.tanh(v / (2 * s)) / s);
}

/** φ(z_i) for every code of z [n][L] with scores [n][L] and kernel scale C. */
export function steinDirection(
  z: readonly (readonly number[])[],
  score: readonly (readonly number[])[],
  scale: number,
): number[][] {
  const n = z.length;
  return z.map((zi) => {
    const phi = new Array<number>(zi.length).fill(0);
    for (let j = 0; j < n; j++) {
      const zj = z[j] as readonly number[];
      const sj = score[j] as readonly number[];
      let d2 = 0;
      for (let k = 0; k < zi.length; k++) d2 += ((zj[k] as number) - (zi[k] as number)) ** 2;
      const kij = Math.exp(-d2 / scale);
      for (let k = 0; k < zi.length; k++)
        phi[k] =
          (phi[k] as number) + kij * (sj[k] as number) - (2 / scale) * ((zj[k] as number) - (zi[k] as number)) * kij;
    }
    return phi.map((v) => v / n);
  });
}
