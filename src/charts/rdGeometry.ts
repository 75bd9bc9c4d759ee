/**
 * Pure geometry of the RD views: scales' domains, the bound line, the infeasible region, the
 * frontier staircase, the hull and the β line, all in nats. d3 turns these into SVG paths in
 * the chart components; tests check these functions with fixed data.
 */
import { frontierStaircase, lowerLeftHull, paretoFrontier, type RdPoint } from '../math/frontier';

/** Axis extent in nats: [0, max(H, data) · 1.1]. */
export function rdDomain(
  entropyNats: number,
  points: readonly RdPoint[],
): { rateMax: number; distortionMax: number; distortionMin: number } {
  let r = entropyNats;
  let d = entropyNats;
  // Continuous data (the 1-D mixture) have a differential D, which goes below 0 at high rates.
  let lo = 0;
  for (const p of points) {
    if (Number.isFinite(p.rateNats)) r = Math.max(r, p.rateNats);
    if (Number.isFinite(p.distortionNats)) {
      d = Math.max(d, p.distortionNats);
      lo = Math.min(lo, p.distortionNats);
    }
  }
  return { rateMax: r * 1.1, distortionMax: d * 1.1, distortionMin: lo * 1.1 };
}

/** The infeasible region below D = H − R (with R, D ≥ 0): the triangle (0,0), (0,H), (H,0). */
export function infeasibleTriangle(entropyNats: number): RdPoint[] {
  return [
    { rateNats: 0, distortionNats: 0 },
    { rateNats: 0, distortionNats: entropyNats },
    { rateNats: entropyNats, distortionNats: 0 },
  ];
}

/** Staircase of the monotone Pareto frontier and the lower-left convex hull of the points. */
export function frontierAndHull(points: readonly RdPoint[]): { staircase: RdPoint[]; hull: RdPoint[] } {
  return { staircase: frontierStaircase(paretoFrontier(points)), hull: lowerLeftHull(points) };
}

/**
 * Segment of the line of slope −β through point p (D = D_p − β (R − R_p)), clipped to
 * R ∈ [0, rateMax] and D ∈ [0, distortionMax]. Returns null when nothing is visible.
 */
export function betaLine(p: RdPoint, beta: number, rateMax: number, distortionMax: number): [RdPoint, RdPoint] | null {
  const dAt = (r: number): number => p.distortionNats - beta * (r - p.rateNats);
  let r0 = 0;
  let r1 = rateMax;
  if (beta > 0) {
    // D decreases with R: keep D within [0, distortionMax].
    r0 = Math.max(r0, p.rateNats - (distortionMax - p.distortionNats) / beta);
    r1 = Math.min(r1, p.rateNats + p.distortionNats / beta);
  } else if (beta < 0) {
    r0 = Math.max(r0, p.rateNats + p.distortionNats / beta);
    r1 = Math.min(r1, p.rateNats - (distortionMax - p.distortionNats) / beta);
  }
  if (!(r1 > r0)) return null;
  return [
    { rateNats: r0, distortionNats: dAt(r0) },
    { rateNats: r1, distortionNats: dAt(r1) },
  ];
}

/** β implied by dragging the β line through p to the pointer q: β = −(D_q − D_p)/(R_q − R_p), clamped. */
export function betaFromDrag(p: RdPoint, q: RdPoint, maxBeta: number): number | null {
  const dr = q.rateNats - p.rateNats;
  if (Math.abs(dr) < 1e-9) return null;
  const beta = -(q.distortionNats - p.distortionNats) / dr;
  if (!Number.isFinite(beta)) return null;
  return Math.min(maxBeta, Math.max(0, beta));
}

/**
 * y-extent of the skew axes (−ELBO = R + D): a band around H, as in the paper's Figure 3b, so that
 * differences in ELBO are visible: [min(H, min −ELBO) − 15 % H, max(H, max −ELBO) + 15 % H].
 */
export function skewDomain(entropyNats: number, points: readonly RdPoint[]): { lo: number; hi: number } {
  let hi = entropyNats;
  // Points below H (training batches under a held-out Ĥ) widen the band downwards: never off-plot.
  let lo = entropyNats;
  for (const p of points) {
    const v = p.rateNats + p.distortionNats;
    if (Number.isFinite(v)) {
      hi = Math.max(hi, v);
      lo = Math.min(lo, v);
    }
  }
  const pad = 0.15 * entropyNats;
  return { lo: Math.max(0, lo - pad), hi: hi + pad };
}
