/**
 * The plane's furniture: the arrowhead marker and the clip path (one per mode), the ticks, the
 * two walls and the axis labels in display units.
 */
import type { ScaleLinear } from 'd3';
import type { PlaneFrame } from './planeFrame';

/** The arrowhead (`arrow-<mode>`) and the plot-area clip path (`clip-<mode>`) the other layers refer to. */
export function PlaneDefs({ frame }: { frame: PlaneFrame }) {
  const { mode, width, height, margin } = frame;
  return (
    <defs>
      <marker
        id={`arrow-${mode}`}
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerWidth="7"
        markerHeight="7"
        orient="auto-start-reverse"
      >
        <path d="M0,0 L10,5 L0,10 Z" />
      </marker>
      <clipPath id={`clip-${mode}`}>
        <rect
          x={margin.left}
          y={margin.top}
          width={width - margin.left - margin.right}
          height={height - margin.top - margin.bottom}
        />
      </clipPath>
    </defs>
  );
}

export interface PlaneAxesProps {
  frame: PlaneFrame;
  /** The scales in display units (ticks are drawn at their round values). */
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** Ticks, walls and labels: rate R on x; distortion D (rd) or −ELBO = R + D (skew) on y. */
export function PlaneAxes({ frame, x, y }: PlaneAxesProps) {
  const { mode, units, width, height, margin } = frame;
  const yLabel = mode === 'rd' ? `distortion D (${units})` : `−ELBO = R + D (${units})`;
  return (
    <g className="axis">
      {x.ticks(6).map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},${height - margin.bottom})`}>
          <line y2={5} />
          <text y={18} textAnchor="middle">
            {t}
          </text>
        </g>
      ))}
      {y.ticks(6).map((t) => (
        <g key={`y${t}`} transform={`translate(${margin.left},${y(t)})`}>
          <line x2={-5} />
          <text x={-8} dy="0.32em" textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      <line
        className="wall"
        x1={margin.left}
        x2={width - margin.right}
        y1={height - margin.bottom}
        y2={height - margin.bottom}
      />
      <line className="wall" x1={x(0)} x2={x(0)} y1={margin.top} y2={height - margin.bottom} />
      <text className="label" x={(margin.left + width - margin.right) / 2} y={height - 8} textAnchor="middle">
        rate R ({units})
      </text>
      <text
        className="label"
        transform={`translate(14,${(margin.top + height - margin.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {yLabel}
      </text>
    </g>
  );
}
