/**
 * Frontier geometry on the rate–distortion plane: the monotone Pareto frontier (the stepwise
 * curve of Figure 3a) and the lower-left convex hull of a set of (R, D) points, both in nats.
 */

/** A point on the RD plane, in nats. */
export interface RdPoint {
  readonly rateNats: number;
  readonly distortionNats: number;
}

const finite = (p: RdPoint): boolean => Number.isFinite(p.rateNats) && Number.isFinite(p.distortionNats);

/**
 * Pareto-optimal points (no other point has both R ≤ and D ≤ with one strict), sorted by
 * increasing rate (hence decreasing distortion). Non-finite points are ignored.
 */
export function paretoFrontier<P extends RdPoint>(points: readonly P[]): P[] {
  const sorted = points.filter(finite).sort((a, b) => a.rateNats - b.rateNats || a.distortionNats - b.distortionNats);
  const out: P[] = [];
  let bestD = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (p.distortionNats < bestD) {
      out.push(p);
      bestD = p.distortionNats;
    }
  }
  return out;
}

/**
 * The staircase through the Pareto points, as drawn: from each point go right at constant D
 * to the next point's rate, then down. Returns the vertex list (R, D) in nats.
 */
export function frontierStaircase(frontier: readonly RdPoint[]): RdPoint[] {
  const out: RdPoint[] = [];
  frontier.forEach((p, i) => {
    if (i > 0) out.push({ rateNats: p.rateNats, distortionNats: (frontier[i - 1] as RdPoint).distortionNats });
    out.push(p);
  });
  return out;
}

/** z-component of (b − a) × (c − a); > 0 when a→b→c turns counter-clockwise. */
function cross(a: RdPoint, b: RdPoint, c: RdPoint): number {
  return (
    (b.rateNats - a.rateNats) * (c.distortionNats - a.distortionNats) -
    (b.distortionNats - a.distortionNats) * (c.rateNats - a.rateNats)
  );
}

/**
 * The part of the convex hull that faces the origin: vertices from the lowest-rate Pareto point
 * to the lowest-distortion point, with decreasing D and convex (slopes increasing). Computed as
 * the lower hull (monotone chain) of the Pareto points.
 */
export function lowerLeftHull<P extends RdPoint>(points: readonly P[]): P[] {
  const pareto = paretoFrontier(points);
  const hull: P[] = [];
  for (const p of pareto) {
    while (hull.length >= 2 && cross(hull[hull.length - 2] as P, hull[hull.length - 1] as P, p) <= 0) hull.pop();
    hull.push(p);
  }
  return hull;
}
