/**
 * Masks of a MADE network (Germain et al. 2015): an MLP whose output i depends only on inputs
 * that come before i in a given order. Pure numbers; the model multiplies its weights by them.
 */

/** Degrees (1-based positions in the order) of D inputs; `reversed` flips the order. */
export function inputDegrees(dim: number, reversed: boolean): number[] {
  return Array.from({ length: dim }, (_, i) => (reversed ? dim - i : i + 1));
}

/** Hidden-unit degrees cycling through 1..D−1 (every hidden unit may see some prefix). */
export function hiddenDegrees(units: number, dim: number): number[] {
  const top = Math.max(1, dim - 1);
  return Array.from({ length: units }, (_, k) => (k % top) + 1);
}

/**
 * Mask [rows = fan-in, cols = fan-out] as a flat row-major Float32Array.
 * hidden: 1 where the unit's degree ≥ the input's; output: 1 where the output's degree > the unit's.
 */
export function madeMask(
  inDegrees: readonly number[],
  outDegrees: readonly number[],
  kind: 'hidden' | 'output',
): Float32Array {
  const m = new Float32Array(inDegrees.length * outDegrees.length);
  inDegrees.forEach((di, r) => {
    outDegrees.forEach((dout, c) => {
      m[r * outDegrees.length + c] = (kind === 'hidden' ? dout >= di : dout > di) ? 1 : 0;
    });
  });
  return m;
}

/** All masks of a MADE with the given hidden layer sizes: [input→h1, h1→h2, …, hL→output]. */
export function madeMasks(dim: number, hidden: readonly number[], reversed: boolean): Float32Array[] {
  const inDeg = inputDegrees(dim, reversed);
  const degs = [inDeg, ...hidden.map((u) => hiddenDegrees(u, dim))];
  const masks: Float32Array[] = [];
  for (let l = 1; l < degs.length; l++) masks.push(madeMask(degs[l - 1] as number[], degs[l] as number[], 'hidden'));
  masks.push(madeMask(degs[degs.length - 1] as number[], inDeg, 'output'));
  return masks;
}
