/** The hover card on the plane: the model's label, R and D in display units, kept inside the plot. */
import { formatInfo } from './units';
import { pointX, pointY, type PlaneFrame, type PlanePoint } from './planeFrame';

export function PlaneTooltip({ frame, point }: { frame: PlaneFrame; point: PlanePoint }) {
  const { units, width } = frame;
  const tx = Math.min(pointX(frame, point) + 10, width - 170);
  const ty = Math.max(pointY(frame, point) - 50, 4);
  return (
    <g className="tooltip" transform={`translate(${tx},${ty})`}>
      <rect width={160} height={58} rx={4} />
      <text x={6} y={15}>
        {point.label}
      </text>
      <text x={6} y={31}>
        R = {formatInfo(point.rateNats, units)}
      </text>
      <text x={6} y={47}>
        D = {formatInfo(point.distortionNats, units)}
      </text>
    </g>
  );
}
