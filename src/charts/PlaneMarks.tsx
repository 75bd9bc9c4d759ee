/**
 * Text on the planes: each model's label beside its point (moved apart where points coincide) and
 * a lesson chapter's annotations, an arrow from a label to a model or a spot (R, D) in nats.
 */
import type { RdPoint } from '../math/frontier';
import { placeLabels } from './markers';

/** A label or arrow drawn on the plane by a lesson chapter: at a model's point, or at (R, D) in nats. */
export interface PlaneAnnotation {
  text: string;
  modelId?: string;
  at?: RdPoint;
  /** Where the text sits relative to its point, px (default 30, −34). */
  dx?: number;
  dy?: number;
}

interface MarkPoint extends RdPoint {
  id: string;
  label: string;
}

export interface PlaneMarksProps {
  mode: 'rd' | 'skew';
  points: readonly MarkPoint[];
  /** Pixel position of a point on this plane. */
  x(p: RdPoint): number;
  y(p: RdPoint): number;
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  labelPoints: boolean;
  annotations: readonly PlaneAnnotation[];
}

export function PlaneMarks({ mode, points, x, y, width, height, margin, labelPoints, annotations }: PlaneMarksProps) {
  return (
    <>
      {labelPoints &&
        placeLabels(
          points.map((p) => ({ id: p.id, text: p.label, x: x(p), y: y(p) })),
          { width, right: width - margin.right },
        ).map((l) => (
          <g key={`l${l.id}`} className="point-label" data-testid={`${mode}-label`} data-model={l.id}>
            {l.leader && <line x1={l.anchorX} y1={l.anchorY} x2={l.x} y2={l.y - 4} />}
            <text x={l.x} y={l.y} textAnchor={l.anchor}>
              {l.text}
            </text>
          </g>
        ))}
      {annotations.map((a, i) => {
        const p = a.modelId ? points.find((q) => q.id === a.modelId) : a.at;
        if (!p) return null;
        const ax = x(p);
        const ay = y(p);
        // The text sits at (dx, dy) px from its point (default up and to the right), kept inside the plot.
        const tx = Math.min(width - margin.right - 4, Math.max(margin.left + 4, ax + (a.dx ?? 30)));
        const ty = Math.min(height - margin.bottom - 4, Math.max(margin.top + 14, ay + (a.dy ?? -34)));
        return (
          <g key={`a${i}`} className="annotation" data-testid={`${mode}-annotation`}>
            <line x1={tx} y1={ty + 4} x2={ax} y2={ay} markerEnd={`url(#arrow-${mode})`} />
            <text x={tx} y={ty} textAnchor={(a.dx ?? 30) < 0 ? 'end' : 'start'}>
              {a.text}
            </text>
          </g>
        );
      })}
    </>
  );
}
