/**
 * How each model appears on the plane: its fading trail, its marker (a focusable button that
 * selects it and reports hover), and, for a model whose rate is unbounded, an arrow at the right
 * edge in place of a point.
 */
import { line as d3line, symbol } from 'd3';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { RdPoint } from '../math/frontier';
import { SYMBOLS } from './markers';
import { formatInfo } from './units';
import { pointX, pointY, type PlaneFrame, type PlanePoint } from './planeFrame';

const TRAIL_SEGMENTS = 4;

/** Enter or space on a focused mark selects it, as a click does. */
const onActivateKey = (select: () => void) => (e: ReactKeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') select();
};

/** Each model's trail in TRAIL_SEGMENTS pieces, older pieces fainter. */
export function PlaneTrails({ frame, points }: { frame: PlaneFrame; points: readonly PlanePoint[] }) {
  const path = d3line<RdPoint>()
    .x((p) => pointX(frame, p))
    .y((p) => pointY(frame, p));
  return (
    <>
      {points.map((p) => {
        const n = p.trail.length;
        const per = Math.max(2, Math.ceil(n / TRAIL_SEGMENTS));
        return (
          <g key={`t${p.id}`} className="trail" stroke={p.colour}>
            {Array.from({ length: TRAIL_SEGMENTS }, (_, k) => {
              const seg = p.trail.slice(Math.max(0, k * per - 1), Math.min(n, (k + 1) * per));
              return seg.length > 1 ? (
                <path key={k} d={path(seg) ?? ''} opacity={0.1 + (0.45 * (k + 1)) / TRAIL_SEGMENTS} />
              ) : null;
            })}
          </g>
        );
      })}
    </>
  );
}

export interface PlanePointsProps {
  frame: PlaneFrame;
  points: readonly PlanePoint[];
  selectedId: string | null;
  onSelect(id: string): void;
  onHover(id: string | null): void;
}

/** One marker per model (shape and colour tell models apart); the selected one is larger. */
export function PlanePoints({ frame, points, selectedId, onSelect, onHover }: PlanePointsProps) {
  const { mode, units } = frame;
  return (
    <>
      {points.map((p) => (
        <path
          key={p.id}
          data-testid={mode === 'rd' ? 'rd-point' : 'skew-point'}
          data-model={p.id}
          data-rate={p.rateNats}
          data-distortion={p.distortionNats}
          data-measured={p.measured ?? 'batch'}
          {...(p.classInfoNats !== undefined ? { 'data-class-info': p.classInfoNats } : {})}
          className={`point${p.id === selectedId ? ' selected' : ''}${p.active ? '' : ' faulted'}`}
          transform={`translate(${pointX(frame, p)},${pointY(frame, p)})`}
          d={symbol(SYMBOLS[p.shape ?? 'circle'], p.id === selectedId ? 170 : 90)() ?? ''}
          fill={p.colour}
          tabIndex={0}
          role="button"
          aria-label={`${p.label}: R ${formatInfo(p.rateNats, units)}, D ${formatInfo(p.distortionNats, units)}`}
          onPointerEnter={() => onHover(p.id)}
          onPointerLeave={() => onHover(null)}
          onClick={() => onSelect(p.id)}
          onKeyDown={onActivateKey(() => onSelect(p.id))}
        />
      ))}
    </>
  );
}

export interface UnboundedMarksProps {
  frame: PlaneFrame;
  points: readonly PlanePoint[];
  onSelect(id: string): void;
}

/**
 * Models whose encoder is (near-)deterministic: an arrow at the right edge, at the model's height
 * when D is finite (kept inside the plot), else stacked from the top.
 */
export function UnboundedMarks({ frame, points, onSelect }: UnboundedMarksProps) {
  const { mode, units, width, height, margin } = frame;
  return (
    <>
      {points.map((p, i) => {
        const yv = Number.isFinite(p.distortionNats)
          ? Math.min(height - margin.bottom - 4, Math.max(margin.top + 4, pointY(frame, p)))
          : margin.top + 10 + 14 * i;
        const xr = width - margin.right;
        return (
          <g
            key={`u${p.id}`}
            className="unbounded"
            data-testid={mode === 'rd' ? 'rd-unbounded' : 'skew-unbounded'}
            data-model={p.id}
            tabIndex={0}
            role="button"
            onClick={() => onSelect(p.id)}
            onKeyDown={onActivateKey(() => onSelect(p.id))}
          >
            <path d={`M${xr - 12},${yv - 6} L${xr},${yv} L${xr - 12},${yv + 6} Z`} fill={p.colour} />
            <text x={xr - 14} y={yv - 8} textAnchor="end" fontSize={10} fill={p.colour}>
              {p.label}: R unbounded →
            </text>
            {/* One string: React wants a <title>'s children as a single text. */}
            <title>
              {`${p.label}: the encoder is (near-)deterministic, so R is unbounded ` +
                `(reported R = ${formatInfo(p.rateNats, units)})`}
            </title>
          </g>
        );
      })}
    </>
  );
}
