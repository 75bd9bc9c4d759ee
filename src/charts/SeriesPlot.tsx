/**
 * A small plot of distributions over 30 discrete values (bins or latent values): lines and
 * stacked areas. Pure function of its props; d3 scales, React SVG.
 */
import { area as d3area, line as d3line, scaleLinear } from 'd3';

export interface Series {
  name: string;
  values: readonly number[];
  colour: string;
  kind: 'line' | 'area';
  dashed?: boolean;
  /** For stacked areas: the baseline values (defaults to 0). */
  base?: readonly number[];
}

export interface SeriesPlotProps {
  title: string;
  xLabel: string;
  series: readonly Series[];
  width?: number;
  height?: number;
  testId?: string;
}

export function SeriesPlot({ title, xLabel, series, width = 340, height = 150, testId }: SeriesPlotProps) {
  const n = series[0]?.values.length ?? 1;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.map((v, i) => v + (s.base?.[i] ?? 0))));
  const x = scaleLinear()
    .domain([0, n - 1])
    .range([6, width - 6]);
  const y = scaleLinear()
    .domain([0, max * 1.08])
    .range([height - 18, 16]);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="series-plot" data-testid={testId} role="img" aria-label={title}>
      <text className="title" x={6} y={11}>
        {title}
      </text>
      <line className="baseline" x1={6} x2={width - 6} y1={y(0)} y2={y(0)} />
      {series.map((s) => {
        if (s.kind === 'area') {
          const a = d3area<number>()
            .x((_, i) => x(i))
            .y0((_, i) => y(s.base?.[i] ?? 0))
            .y1((v, i) => y(v + (s.base?.[i] ?? 0)));
          return (
            <path key={s.name} d={a([...s.values]) ?? ''} fill={s.colour} opacity={0.75}>
              <title>{s.name}</title>
            </path>
          );
        }
        const l = d3line<number>()
          .x((_, i) => x(i))
          .y((v) => y(v));
        return (
          <path
            key={s.name}
            d={l([...s.values]) ?? ''}
            fill="none"
            stroke={s.colour}
            strokeWidth={1.6}
            strokeDasharray={s.dashed ? '4 3' : undefined}
          >
            <title>{s.name}</title>
          </path>
        );
      })}
      <text className="axis-label" x={width / 2} y={height - 4} textAnchor="middle">
        {xLabel}
      </text>
    </svg>
  );
}
