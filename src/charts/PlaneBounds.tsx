/**
 * What the plane knows before any model: the infeasible region (below D = H − R, or D < 0), the
 * bound line D = H − R (or −ELBO = H on the skew axes), and the measured Pareto frontier and its
 * convex hull.
 */
import { line as d3line } from 'd3';
import type { RdPoint } from '../math/frontier';
import { infeasibleTriangle } from './rdGeometry';
import { formatInfo } from './units';
import { pointX, pointY, type PlaneFrame } from './planeFrame';

export interface PlaneBoundsProps {
  frame: PlaneFrame;
  /** H (exact) or Ĥ (estimate), nats. */
  entropyNats: number;
  /** exact: shade the infeasible region; estimate: a dashed bound only; none: neither. */
  entropyKind: 'exact' | 'estimate' | 'none';
  /** Right edge of the plot, nats (the skew axes' region and line run to it). */
  rateMax: number;
  staircase: readonly RdPoint[];
  hull: readonly RdPoint[];
}

/** The infeasible region of the skew axes: below −ELBO = H, and below −ELBO = R (where D < 0). */
function skewInfeasible(H: number, rateMax: number): RdPoint[] {
  return [
    { rateNats: 0, distortionNats: 0 },
    { rateNats: 0, distortionNats: H },
    { rateNats: H, distortionNats: 0 },
    { rateNats: rateMax, distortionNats: 0 },
    { rateNats: rateMax, distortionNats: -rateMax },
    { rateNats: 0, distortionNats: 0 },
  ];
}

export function PlaneBounds({ frame, entropyNats: H, entropyKind, rateMax, staircase, hull }: PlaneBoundsProps) {
  const { mode, units, px, py } = frame;
  const path = d3line<RdPoint>()
    .x((p) => pointX(frame, p))
    .y((p) => pointY(frame, p));
  const bound: RdPoint[] = [
    { rateNats: 0, distortionNats: H },
    { rateNats: H, distortionNats: 0 },
  ];
  const infeasible = mode === 'rd' ? infeasibleTriangle(H) : skewInfeasible(H, rateMax);
  return (
    <>
      {entropyKind === 'exact' && (
        <path className="infeasible" d={`${path(infeasible) ?? ''}Z`}>
          <title>infeasible: below D = H − R or D &lt; 0</title>
        </path>
      )}
      {entropyKind !== 'none' &&
        (mode === 'rd' ? (
          <path className={`bound ${entropyKind}`} data-testid={`${mode}-bound`} d={path(bound) ?? ''}>
            <title>
              {entropyKind === 'exact'
                ? 'D = H − R'
                : `D = Ĥ − R, Ĥ = ${formatInfo(H, units)}: the best held-out bound on −log p(x)`}
            </title>
          </path>
        ) : (
          <line className={`bound ${entropyKind}`} x1={px(0)} x2={px(rateMax)} y1={py(H)} y2={py(H)}>
            <title>{entropyKind === 'exact' ? '−ELBO = H' : '−ELBO = Ĥ'}</title>
          </line>
        ))}
      <path className="hull" d={path(hull) ?? ''} data-testid={`${mode}-hull`} />
      <path className="frontier" d={path(staircase) ?? ''} data-testid={`${mode}-frontier`} />
    </>
  );
}
