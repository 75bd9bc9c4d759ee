/**
 * 2-D latent space of an image model: the marginal's density m(z) as filled contours (d3.contours
 * on the worker's log-density grid) and the held-out images' encoder means as dots coloured by digit.
 * d3 computes scales and paths, React renders the SVG.
 */
import { contours, geoPath, geoTransform, scaleLinear, schemeCategory10 } from 'd3';
import { useMemo } from 'react';
import type { LatentMap } from '../worker/protocol';

export interface LatentPlotProps {
  map: LatentMap;
  labels: Uint8Array;
  title: string;
  size?: number;
}

const M = { left: 36, right: 8, top: 8, bottom: 30 };
export const CONTOUR_LEVELS = 8;

export function LatentPlot({ map, labels, title, size = 300 }: LatentPlotProps) {
  const { x, y } = useMemo(
    () => ({
      x: scaleLinear()
        .domain([map.x0, map.x1])
        .range([M.left, size - M.right]),
      y: scaleLinear()
        .domain([map.y0, map.y1])
        .range([size - M.bottom, M.top]),
    }),
    [map.x0, map.x1, map.y0, map.y1, size],
  );
  const paths = useMemo(() => {
    let max = Number.NEGATIVE_INFINITY;
    for (const v of map.logDensity) if (Number.isFinite(v)) max = Math.max(max, v);
    const dens = Array.from(map.logDensity, (v) => (Number.isFinite(v) ? Math.exp(v - max) : 0));
    const cellX = (map.x1 - map.x0) / map.n;
    const cellY = (map.y1 - map.y0) / map.n;
    const project = geoTransform({
      point(gx: number, gy: number) {
        this.stream.point(x(map.x0 + gx * cellX), y(map.y0 + gy * cellY));
      },
    });
    const path = geoPath(project);
    return contours()
      .size([map.n, map.n])
      .thresholds(Array.from({ length: CONTOUR_LEVELS }, (_, i) => (i + 0.5) / CONTOUR_LEVELS))(dens)
      .map((c) => ({ value: c.value, d: path(c) ?? '' }));
  }, [map, x, y]);
  const n = labels.length;
  return (
    <figure className="latent-plot">
      <figcaption>{title}</figcaption>
      <svg
        width={size}
        height={size}
        role="img"
        aria-label={`${title}: held-out encodings coloured by digit over the density of m(z)`}
        data-testid="latent-plot"
      >
        {paths.map((p) => (
          <path
            key={p.value}
            d={p.d}
            fill="#4477aa"
            fillOpacity={0.08 + 0.08 * p.value}
            stroke="#4477aa"
            strokeOpacity={0.4}
          />
        ))}
        {Array.from({ length: n }, (_, i) => (
          <circle
            key={i}
            cx={x(map.means[2 * i] as number)}
            cy={y(map.means[2 * i + 1] as number)}
            r={1.6}
            fill={schemeCategory10[(labels[i] as number) % 10]}
          />
        ))}
        <g className="axis">
          {x.ticks(5).map((t) => (
            <text key={`x${t}`} x={x(t)} y={size - 12} textAnchor="middle" fontSize={10}>
              {t}
            </text>
          ))}
          {y.ticks(5).map((t) => (
            <text key={`y${t}`} x={M.left - 4} y={y(t)} dy="0.32em" textAnchor="end" fontSize={10}>
              {t}
            </text>
          ))}
          <text x={(M.left + size) / 2} y={size - 1} textAnchor="middle" fontSize={10}>
            z₁ (encoder mean)
          </text>
        </g>
      </svg>
      <div className="legend">
        {schemeCategory10.map((c, d) => (
          <span key={c} style={{ color: c }}>
            ● {d}{' '}
          </span>
        ))}
      </div>
    </figure>
  );
}
