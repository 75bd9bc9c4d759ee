/**
 * Information-theoretic quantities on discrete distributions, in nats.
 * Conventions: 0·log 0 = 0; a distribution is a plain number array summing to 1.
 */

/** log Σᵢ exp(aᵢ), stable for large |aᵢ|; −∞ for an empty or all −∞ input. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}

/** Log-softmax of logits: aᵢ − log Σⱼ exp(aⱼ). */
export function logSoftmax(logits: ArrayLike<number>): number[] {
  const lse = logSumExp(logits);
  return Array.from(logits, (a) => a - lse);
}

/** Entropy H(p) = −Σ p log p in nats. */
export function entropyNats(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (pi > 0) h -= pi * Math.log(pi);
  }
  return h;
}

/** KL(p ‖ q) = Σ p log(p/q) in nats; +∞ where q = 0 < p. */
export function klNats(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (pi <= 0) continue;
    const qi = q[i] as number;
    if (qi <= 0) return Number.POSITIVE_INFINITY;
    kl += pi * Math.log(pi / qi);
  }
  return kl;
}

/** Mutual information I(A;B) in nats of a joint table joint[a][b] (rows need not be normalised to 1 overall). */
export function mutualInformationNats(joint: readonly (readonly number[])[]): number {
  let total = 0;
  const rows = joint.map((row) => row.reduce((s, v) => s + v, 0));
  const cols: number[] = [];
  for (const row of joint) row.forEach((v, j) => (cols[j] = (cols[j] ?? 0) + v));
  for (const r of rows) total += r;
  let mi = 0;
  joint.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v > 0) mi += (v / total) * Math.log((v * total) / ((rows[i] as number) * (cols[j] as number)));
    });
  });
  return mi;
}

/** Conversion factor: one nat is 1/ln 2 bits. */
export const BITS_PER_NAT = 1 / Math.LN2;
