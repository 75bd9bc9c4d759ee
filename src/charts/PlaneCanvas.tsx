/**
 * The points and trails of a plane with many models (the dense frontier: up to 1,024) drawn on a
 * canvas over the plane's SVG, so a report redraws one bitmap instead of thousands of SVG nodes.
 * The SVG keeps the axes, bound, frontier, lines, the selected point and the tooltip; clicks pass
 * through the canvas to it, which picks the nearest point (nearestPoint).
 */
import { useEffect, useRef } from 'react';
import type { RdPoint } from '../math/frontier';

/** More finite points than this: the plane draws them on a canvas. */
export const CANVAS_POINTS = 48;

export interface CanvasPoint extends RdPoint {
  id: string;
  colour: string;
  trail: readonly RdPoint[];
  active: boolean;
}

interface Props {
  points: readonly CanvasPoint[];
  /** Plot coordinates (the SVG's viewBox units) of a point. */
  x(p: RdPoint): number;
  y(p: RdPoint): number;
  width: number;
  height: number;
  /** The plot area (clip). */
  clip: { left: number; top: number; right: number; bottom: number };
  testId: string;
}

export function PlaneCanvas({ points, x, y, width, height, clip, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    // A CPU-backed canvas: on a software GPU (SwiftShader) accelerated 2-D drawing of thousands of arcs is far slower
    // than drawing them here.
    const ctx = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !ctx) return;
    const scale = Math.min(
      3,
      Math.max(1, (typeof devicePixelRatio === 'number' ? devicePixelRatio : 1) * (canvas.clientWidth / width || 1)),
    );
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(clip.left, clip.top, clip.right - clip.left, clip.bottom - clip.top);
    ctx.clip();
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.25;
    for (const p of points) {
      if (p.trail.length < 2) continue;
      ctx.strokeStyle = p.colour;
      ctx.beginPath();
      p.trail.forEach((q, i) => (i === 0 ? ctx.moveTo(x(q), y(q)) : ctx.lineTo(x(q), y(q))));
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 0.6;
    for (const p of points) {
      ctx.fillStyle = p.active ? p.colour : '#999';
      ctx.beginPath();
      ctx.arc(x(p), y(p), 3, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }, [points, x, y, width, height, clip.left, clip.top, clip.right, clip.bottom]);
  return (
    // A canvas without tabIndex is not focusable; its picture is decoration under the SVG, which carries the
    // labelled marks (the selected point, the axes).
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: this canvas is not focusable (see above)
    <canvas ref={ref} className="plane-canvas" data-testid={testId} data-points={points.length} aria-hidden="true" />
  );
}

/** The point nearest (x, y) in plot coordinates, within `radius`; null when none is that close. */
export function nearestPoint<P extends RdPoint>(
  points: readonly P[],
  px: (p: RdPoint) => number,
  py: (p: RdPoint) => number,
  x: number,
  y: number,
  radius = 10,
): P | null {
  let best: P | null = null;
  let bestD = radius * radius;
  for (const p of points) {
    const d = (px(p) - x) ** 2 + (py(p) - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}
