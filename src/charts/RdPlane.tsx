/**
 * The rate–distortion plane (mode "rd": D against R) and the skew axes (mode "skew": −ELBO = R + D
 * against R). d3 computes scales and paths; React renders SVG. Every model is a point with a
 * fading trail; the D = H − R bound, the infeasible region, the Pareto frontier and the convex
 * hull are drawn; σ is a draggable vertical line and β a draggable line of slope −β through the
 * selected model's point (rd mode). Values in nats inside, display units on the axes.
 * This file sizes the plane and owns the pointer (hover, selection, drags); the layers it stacks
 * are PlaneAxes, PlaneBounds, PlaneHandles, PlanePoints, PlaneMarks and PlaneTooltip (and
 * PlaneCanvas under the SVG when there are many models).
 */
import { scaleLinear } from 'd3';
import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { RdPoint } from '../math/frontier';
import { betaFromDrag, betaLine, frontierAndHull, rdDomain, skewDomain } from './rdGeometry';
import { fromUnits, toUnits, type Units } from './units';
import { PlaneMarks, type PlaneAnnotation } from './PlaneMarks';
import { CANVAS_POINTS, nearestPoint, PlaneCanvas } from './PlaneCanvas';
import { PLANE_MARGIN as MARGIN, pointX, pointY, type PlaneFrame, type PlanePoint } from './planeFrame';
import { PlaneAxes, PlaneDefs } from './PlaneAxes';
import { PlaneBounds } from './PlaneBounds';
import { PlaneHandles, type DragKind } from './PlaneHandles';
import { PlanePoints, PlaneTrails, UnboundedMarks } from './PlanePoints';
import { PlaneTooltip } from './PlaneTooltip';

export type { PlaneAnnotation, PlanePoint };

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
  const [drag, setDrag] = useState<DragKind | null>(null);

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
  const frame: PlaneFrame = {
    mode,
    units,
    width,
    height,
    margin: MARGIN,
    px: (nats) => x(toUnits(nats, units)),
    py: (nats) => y(toUnits(nats, units)),
  };

  const { staircase, hull } = useMemo(() => frontierAndHull(finitePoints), [finitePoints]);
  // Many models (the dense frontier): points and trails on a canvas under the SVG; the selected one stays an SVG mark.
  const many = finitePoints.length > CANVAS_POINTS;
  const canvasX = (p: RdPoint): number => pointX(frame, p);
  const canvasY = (p: RdPoint): number => pointY(frame, p);
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
  const startDrag = (kind: DragKind, e: ReactPointerEvent) => {
    (e.target as Element).setPointerCapture?.(e.pointerId);
    setDrag(kind);
    e.stopPropagation();
  };

  const bLine =
    mode === 'rd' && selected && props.beta != null ? betaLine(selected, props.beta, rateMax, distortionMax) : null;
  const hovered = points.find((p) => p.id === hover);

  const svg = (
    // With many models a click picks the canvas point nearest the pointer, a gesture by position. Keyboard users
    // select a model with its button in the metrics table; the selected one is a focusable mark here.
    // biome-ignore lint/a11y/useKeyWithClickEvents: picking the nearest point is by pointer position (see above)
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
      <PlaneDefs frame={frame} />
      <PlaneAxes frame={frame} x={x} y={y} />
      <g clipPath={`url(#clip-${mode})`}>
        <PlaneBounds
          frame={frame}
          entropyNats={H}
          entropyKind={entropyKind}
          rateMax={rateMax}
          staircase={staircase}
          hull={hull}
        />
        <PlaneHandles
          frame={frame}
          betaLine={bLine}
          betaDraggable={props.onBetaChange !== undefined && props.betaDraggable !== false}
          sigmaNats={props.sigmaNats ?? null}
          sigmaDraggable={props.onSigmaChange !== undefined}
          onStartDrag={startDrag}
        />
        {!many && <PlaneTrails frame={frame} points={points} />}
        <PlanePoints
          frame={frame}
          points={many ? finitePoints.filter((p) => p.id === selectedId) : finitePoints}
          selectedId={selectedId}
          onSelect={props.onSelect}
          onHover={setHover}
        />
        <PlaneMarks
          mode={mode}
          points={finitePoints}
          x={canvasX}
          y={canvasY}
          width={width}
          height={height}
          margin={MARGIN}
          labelPoints={!many && (props.labelPoints ?? false)}
          annotations={props.annotations ?? []}
        />
      </g>
      <UnboundedMarks frame={frame} points={unboundedPoints} onSelect={props.onSelect} />
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
      {hovered && <PlaneTooltip frame={frame} point={hovered} />}
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
