/**
 * Quantities over training steps: one line per series, x = step, y in the series' unit, with tick
 * labels on both axes and optional dashed horizontal guides (a multiplier's clip range, a bound).
 * Pure function of its props; d3 computes scales and paths, React renders the SVG.
 */
import { line as d3line, scaleLinear } from 'd3';

export interface TimeSeries {
  name: string;
  colour: string;
  /** [step, value] pairs in increasing step order; non-finite values break the line. */
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
}

export interface TimeGuide {
  label: string;
  value: number;
  colour?: string;
}

export interface TimePlotProps {
  title: string;
  yLabel: string;
  series: readonly TimeSeries[];
  guides?: readonly TimeGuide[];
  width?: number;
  height?: number;
  testId?: string;
}

const M = { left: 48, right: 10, top: 16, bottom: 30 };

/** The y domain covering every finite value and guide, padded; [0, 1] when there is none. */
export function timeDomain(series: readonly TimeSeries[], guides: readonly TimeGuide[] = []): [number, number] {
  const vs = [...series.flatMap((s) => s.points.map((p) => p[1])), ...guides.map((g) => g.value)].filter(
    Number.isFinite,
  );
  if (vs.length === 0) return [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = 0.06 * (hi - lo);
  return [lo - pad, hi + pad];
}

export function TimePlot({ title, yLabel, series, guides = [], width = 340, height = 170, testId }: TimePlotProps) {
  const steps = series.flatMap((s) => s.points.map((p) => p[0]));
  const x = scaleLinear()
    .domain([Math.min(0, ...steps), Math.max(1, ...steps)])
    .range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain(timeDomain(series, guides))
    .range([height - M.bottom, M.top])
    .nice();
  const line = d3line<readonly [number, number]>()
    .defined((p) => Number.isFinite(p[1]))
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="series-plot time-plot"
      data-testid={testId}
      role="img"
      aria-label={title}
    >
      <text className="title" x={M.left} y={11}>
        {title}
      </text>
      <g className="axis">
        {x.ticks(4).map((t) => (
          <text key={`x${t}`} x={x(t)} y={height - M.bottom + 11} textAnchor="middle" className="axis-label">
            {t}
          </text>
        ))}
        {y.ticks(4).map((t, _i, all) => (
          <g key={`y${t}`}>
            <line x1={M.left - 3} x2={M.left} y1={y(t)} y2={y(t)} stroke="#999" />
            <text x={M.left - 5} y={y(t) + 3} textAnchor="end" className="axis-label">
              {Math.abs(t) >= 1000 ? t.toExponential(0) : y.tickFormat(all.length)(t)}
            </text>
          </g>
        ))}
        <line x1={M.left} x2={M.left} y1={M.top} y2={height - M.bottom} stroke="#999" />
        <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} stroke="#999" />
        <text className="axis-label" x={(M.left + width - M.right) / 2} y={height - 4} textAnchor="middle">
          training step
        </text>
        <text
          className="axis-label"
          transform={`translate(10, ${(M.top + height - M.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
        </text>
      </g>
      {guides.map((g) => (
        <g key={g.label} className="guide">
          <line
            x1={M.left}
            x2={width - M.right}
            y1={y(g.value)}
            y2={y(g.value)}
            stroke={g.colour ?? '#b55'}
            strokeDasharray="3 3"
          />
          <text x={width - M.right - 2} y={y(g.value) - 2} textAnchor="end" className="axis-label">
            {g.label}
          </text>
        </g>
      ))}
      {series.map((s) => (
        <path
          key={s.name}
          d={line([...s.points]) ?? ''}
          fill="none"
          stroke={s.colour}
          strokeWidth={1.6}
          strokeDasharray={s.dashed ? '4 3' : undefined}
          data-series={s.name}
        >
          <title>{s.name}</title>
        </path>
      ))}
      <g className="legend">
        {series.map((s, i) => (
          <text
            key={s.name}
            x={M.left + 4 + i * ((width - M.left - M.right) / Math.max(1, series.length))}
            y={M.top + 9}
            className="axis-label"
            style={{ fill: s.colour }}
          >
            {s.name}
          </text>
        ))}
      </g>
    </svg>
  );
}
