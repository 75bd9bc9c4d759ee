/**
 * The rate–distortion plane (mode "rd": D against R) and the skew axes (mode "skew": −ELBO = R + D
 * against R). d3 computes scales and paths; React renders SVG. Every model is a point with a
 * fading trail; the D = H − R bound, the infeasible region, the Pareto frontier and the convex
 * hull are drawn; σ is a draggable vertical line and β a draggable line of slope −β through the
 * selected model's point (rd mode). Values in nats inside, display units on the axes.
 */
import { line as d3line, scaleLinear, symbol } from 'd3';
import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { RdPoint } from '../math/frontier';
import { betaFromDrag, betaLine, frontierAndHull, infeasibleTriangle, rdDomain, skewDomain } from './rdGeometry';
import { formatInfo, fromUnits, toUnits, type Units } from './units';
import { SYMBOLS, type MarkerShape } from './markers';
import { PlaneMarks, type PlaneAnnotation } from './PlaneMarks';
import { CANVAS_POINTS, nearestPoint, PlaneCanvas } from './PlaneCanvas';

export type { PlaneAnnotation };

export interface PlanePoint extends RdPoint {
  id: string;
  label: string;
  colour: string;
  trail: readonly RdPoint[];
  active: boolean;
  /**
   * The encoder is (near-)deterministic: R is unbounded, so the point is drawn off-plot at the right edge with a
   * marker, not hidden.
   */
  unbounded?: boolean;
  /** Marker shape (shapes as well as colours tell models apart). */
  shape?: MarkerShape;
  /** Toy problem: I(z; z*), nats (exposed as data-class-info). */
  classInfoNats?: number;
}

export interface RdPlaneProps {
  mode: 'rd' | 'skew';
  points: readonly PlanePoint[];
  entropyNats: number;
  /**
   * exact: H is the data entropy (shade the infeasible region). estimate: H is Ĥ, an upper bound
   * (the paper's dashed D = Ĥ − R line, nothing shaded). none: no line (nothing measured yet).
   */
  entropyKind?: 'exact' | 'estimate' | 'none';
  units: Units;
  selectedId: string | null;
  onSelect(id: string): void;
  /** Target rate of the selected model (nats), or null when its objective has none. */
  sigmaNats?: number | null;
  onSigmaChange?: ((nats: number) => void) | undefined;
  /** β of the selected model, or null when its objective has none. */
  beta?: number | null;
  /** false: the β line only shows β_eff (e.g. of a target-rate objective) and cannot be dragged. */
  betaDraggable?: boolean;
  onBetaChange?: ((beta: number) => void) | undefined;
  maxBeta?: number;
  /** Dragging σ may go up to the larger of the visible rate and this (nats): the largest target of the experiment. */
  sigmaMaxNats?: number;
  /** Write each model's label beside its point (small experiments). */
  labelPoints?: boolean;
  annotations?: readonly PlaneAnnotation[];
  width?: number;
  height?: number;
}

const MARGIN = { top: 12, right: 16, bottom: 44, left: 56 };
const TRAIL_SEGMENTS = 4;

/** y value of a point in the given mode: D, or R + D on the skew axes. */
const yOf = (mode: RdPlaneProps['mode'], p: RdPoint): number =>
  mode === 'rd' ? p.distortionNats : p.rateNats + p.distortionNats;

export function RdPlane(props: RdPlaneProps) {
  const {
    mode,
    points,
    entropyNats: H,
    units,
    selectedId,
    width = 480,
    height = 330,
    maxBeta = 20,
    entropyKind = 'exact',
  } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [drag, setDrag] = useState<'sigma' | 'beta' | null>(null);

  const finitePoints = points.filter(
    (p) => !p.unbounded && Number.isFinite(p.rateNats) && Number.isFinite(p.distortionNats),
  );
  const unboundedPoints = points.filter((p) => p.unbounded);
  // Axes: an exact H frames the bound; otherwise (images: Ĥ is a bound that may still be far off) the points
  // alone size the plane, and the σ line is always in view.
  const sized =
    props.sigmaNats != null ? [...finitePoints, { rateNats: props.sigmaNats, distortionNats: 0 }] : finitePoints;
  const dom = rdDomain(entropyKind === 'exact' ? H : 0, sized);
  const rateMax = Math.max(dom.rateMax, 1);
  const distortionMax = Math.max(dom.distortionMax, 1);
  const distortionMin = dom.distortionMin;
  const skew = skewDomain(H, finitePoints);
  const [yMin, yMax] = mode === 'rd' ? [distortionMin, distortionMax] : [skew.lo, skew.hi];
  const x = scaleLinear()
    .domain([0, toUnits(rateMax, units)])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear()
    .domain([toUnits(yMin, units), toUnits(yMax, units)])
    .range([height - MARGIN.bottom, MARGIN.top]);
  const px = (nats: number): number => x(toUnits(nats, units));
  const py = (nats: number): number => y(toUnits(nats, units));
  const path = d3line<RdPoint>()
    .x((p) => px(p.rateNats))
    .y((p) => py(yOf(mode, p)));

  const { staircase, hull } = useMemo(() => frontierAndHull(finitePoints), [finitePoints]);
  // Many models (the dense frontier): points and trails on a canvas under the SVG; the selected one stays an SVG mark.
  const many = finitePoints.length > CANVAS_POINTS;
  const [canvasX, canvasY] = [(p: RdPoint): number => px(p.rateNats), (p: RdPoint): number => py(yOf(mode, p))];
  const selected = points.find((p) => p.id === selectedId) ?? null;

  /** Pointer position in data coordinates (nats). */
  const toData = (e: ReactPointerEvent): RdPoint | null => {
    const svg = svgRef.current;
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return null;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const r = fromUnits(x.invert(pt.x), units);
    const v = fromUnits(y.invert(pt.y), units);
    return { rateNats: r, distortionNats: mode === 'rd' ? v : v - r };
  };

  /** Pointer position in plot (viewBox) coordinates. */
  const toPlot = (e: { clientX: number; clientY: number }): { x: number; y: number } | null => {
    const ctm = svgRef.current?.getScreenCTM();
    if (!ctm) return null;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return { x: pt.x, y: pt.y };
  };
  const nearest = (e: { clientX: number; clientY: number }) => {
    const at = toPlot(e);
    return at ? nearestPoint(finitePoints, canvasX, canvasY, at.x, at.y) : null;
  };

  const onMove = (e: ReactPointerEvent): void => {
    if (many && !drag) setHover(nearest(e)?.id ?? null);
    if (!drag) return;
    const q = toData(e);
    if (!q) return;
    if (drag === 'sigma' && props.onSigmaChange)
      props.onSigmaChange(Math.max(0, Math.min(Math.max(rateMax, props.sigmaMaxNats ?? 0), q.rateNats)));
    if (drag === 'beta' && selected && props.onBetaChange) {
      const b = betaFromDrag(selected, q, maxBeta);
      if (b !== null) props.onBetaChange(b);
    }
  };
  const startDrag = (kind: 'sigma' | 'beta') => (e: ReactPointerEvent) => {
    (e.target as Element).setPointerCapture?.(e.pointerId);
    setDrag(kind);
    e.stopPropagation();
  };

  const bound: RdPoint[] = [
    { rateNats: 0, distortionNats: H },
    { rateNats: H, distortionNats: 0 },
  ];
  const infeasible =
    mode === 'rd'
      ? infeasibleTriangle(H)
      : [
          { rateNats: 0, distortionNats: 0 },
          { rateNats: 0, distortionNats: H },
          { rateNats: H, distortionNats: 0 },
          { rateNats: rateMax, distortionNats: 0 },
          { rateNats: rateMax, distortionNats: -rateMax },
          { rateNats: 0, distortionNats: 0 },
        ];
  const bLine =
    mode === 'rd' && selected && props.beta != null ? betaLine(selected, props.beta, rateMax, distortionMax) : null;
  const hovered = points.find((p) => p.id === hover);
  const yLabel = mode === 'rd' ? `distortion D (${units})` : `−ELBO = R + D (${units})`;

  const svg = (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${width} ${height}`}
      className="plane"
      data-testid={mode === 'rd' ? 'rd-plane' : 'skew-plane'}
      role="img"
      aria-label={mode === 'rd' ? 'Rate–distortion plane' : 'Skew axes: −ELBO against rate'}
      onPointerMove={onMove}
      onPointerUp={() => setDrag(null)}
      onPointerLeave={() => setDrag(null)}
      onClick={
        many
          ? (e) => {
              const p = nearest(e);
              if (p) props.onSelect(p.id);
            }
          : undefined
      }
    >
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
            x={MARGIN.left}
            y={MARGIN.top}
            width={width - MARGIN.left - MARGIN.right}
            height={height - MARGIN.top - MARGIN.bottom}
          />
        </clipPath>
      </defs>
      <g className="axis">
        {x.ticks(6).map((t) => (
          <g key={`x${t}`} transform={`translate(${x(t)},${height - MARGIN.bottom})`}>
            <line y2={5} />
            <text y={18} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        {y.ticks(6).map((t) => (
          <g key={`y${t}`} transform={`translate(${MARGIN.left},${y(t)})`}>
            <line x2={-5} />
            <text x={-8} dy="0.32em" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        <line
          className="wall"
          x1={MARGIN.left}
          x2={width - MARGIN.right}
          y1={height - MARGIN.bottom}
          y2={height - MARGIN.bottom}
        />
        <line className="wall" x1={x(0)} x2={x(0)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
        <text className="label" x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 8} textAnchor="middle">
          rate R ({units})
        </text>
        <text
          className="label"
          transform={`translate(14,${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
        </text>
      </g>
      <g clipPath={`url(#clip-${mode})`}>
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
        {bLine && (
          <g className="beta-line" data-testid="beta-line">
            <line
              x1={px(bLine[0].rateNats)}
              y1={py(bLine[0].distortionNats)}
              x2={px(bLine[1].rateNats)}
              y2={py(bLine[1].distortionNats)}
            />
            {props.onBetaChange && props.betaDraggable !== false && (
              <line
                className="handle"
                x1={px(bLine[0].rateNats)}
                y1={py(bLine[0].distortionNats)}
                x2={px(bLine[1].rateNats)}
                y2={py(bLine[1].distortionNats)}
                onPointerDown={startDrag('beta')}
              >
                <title>drag to change β (the slope is −β)</title>
              </line>
            )}
          </g>
        )}
        {/* σ after β: where the lines cross, the σ handle is on top (a separate grab target). */}
        {props.sigmaNats != null && (
          <g className="sigma" data-testid={mode === 'rd' ? 'sigma-line' : undefined}>
            <line x1={px(props.sigmaNats)} x2={px(props.sigmaNats)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
            {props.onSigmaChange && (
              <rect
                className="handle"
                x={px(props.sigmaNats) - 6}
                y={MARGIN.top}
                width={12}
                height={height - MARGIN.top - MARGIN.bottom}
                onPointerDown={startDrag('sigma')}
              >
                <title>drag to change the target rate σ</title>
              </rect>
            )}
            <text x={px(props.sigmaNats) + 4} y={MARGIN.top + 12}>
              σ
            </text>
          </g>
        )}
        {!many &&
          points.map((p) => {
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
        {(many ? finitePoints.filter((p) => p.id === selectedId) : finitePoints).map((p) => (
          <path
            key={p.id}
            data-testid={mode === 'rd' ? 'rd-point' : 'skew-point'}
            data-run={p.id}
            data-rate={p.rateNats}
            data-distortion={p.distortionNats}
            {...(p.classInfoNats !== undefined ? { 'data-class-info': p.classInfoNats } : {})}
            className={`point${p.id === selectedId ? ' selected' : ''}${p.active ? '' : ' faulted'}`}
            transform={`translate(${px(p.rateNats)},${py(yOf(mode, p))})`}
            d={symbol(SYMBOLS[p.shape ?? 'circle'], p.id === selectedId ? 170 : 90)() ?? ''}
            fill={p.colour}
            tabIndex={0}
            role="button"
            aria-label={`${p.label}: R ${formatInfo(p.rateNats, units)}, D ${formatInfo(p.distortionNats, units)}`}
            onPointerEnter={() => setHover(p.id)}
            onPointerLeave={() => setHover(null)}
            onClick={() => props.onSelect(p.id)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && props.onSelect(p.id)}
          />
        ))}
        <PlaneMarks
          mode={mode}
          points={finitePoints}
          x={(p) => px(p.rateNats)}
          y={(p) => py(yOf(mode, p))}
          width={width}
          height={height}
          margin={MARGIN}
          labelPoints={!many && (props.labelPoints ?? false)}
          annotations={props.annotations ?? []}
        />
      </g>
      {unboundedPoints.map((p, i) => {
        const yv = Number.isFinite(p.distortionNats)
          ? Math.min(height - MARGIN.bottom - 4, Math.max(MARGIN.top + 4, py(yOf(mode, p))))
          : MARGIN.top + 10 + 14 * i;
        const xr = width - MARGIN.right;
        return (
          <g
            key={`u${p.id}`}
            className="unbounded"
            data-testid={mode === 'rd' ? 'rd-unbounded' : 'skew-unbounded'}
            data-run={p.id}
            onClick={() => props.onSelect(p.id)}
          >
            <path d={`M${xr - 12},${yv - 6} L${xr},${yv} L${xr - 12},${yv + 6} Z`} fill={p.colour} />
            <text x={xr - 14} y={yv - 8} textAnchor="end" fontSize={10} fill={p.colour}>
              {p.label}: R unbounded →
            </text>
            <title>
              {p.label}: the encoder is (near-)deterministic, so R is unbounded (reported R ={' '}
              {formatInfo(p.rateNats, units)})
            </title>
          </g>
        );
      })}
      {points.length === 0 && (
        <text
          className="empty"
          x={(MARGIN.left + width - MARGIN.right) / 2}
          y={(MARGIN.top + height - MARGIN.bottom) / 2}
          textAnchor="middle"
        >
          no points yet: waiting for the first report
        </text>
      )}
      {hovered && (
        <g
          className="tooltip"
          transform={`translate(${Math.min(px(hovered.rateNats) + 10, width - 170)},${Math.max(py(yOf(mode, hovered)) - 50, 4)})`}
        >
          <rect width={160} height={58} rx={4} />
          <text x={6} y={15}>
            {hovered.label}
          </text>
          <text x={6} y={31}>
            R = {formatInfo(hovered.rateNats, units)}
          </text>
          <text x={6} y={47}>
            D = {formatInfo(hovered.distortionNats, units)}
          </text>
        </g>
      )}
    </svg>
  );
  if (!many) return svg;
  return (
    <div className="plane-wrap">
      <PlaneCanvas
        points={finitePoints}
        x={canvasX}
        y={canvasY}
        width={width}
        height={height}
        clip={{ left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom }}
        testId={mode === 'rd' ? 'rd-canvas' : 'skew-canvas'}
      />
      {svg}
    </div>
  );
}
