/**
 * Point markers and labels of the planes: d3 symbol shapes (models differ by shape as well as
 * colour, for colour-blind readers) and a greedy placement of labels beside points that keeps
 * labels of coincident points (the hand optimum under the σ = 0.5 model) from hiding each other.
 */
import {
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
  type SymbolType,
} from 'd3';

export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

export const SYMBOLS: Record<MarkerShape, SymbolType> = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  star: symbolStar,
  wye: symbolWye,
};

export interface LabelIn {
  id: string;
  text: string;
  /** The point, in SVG pixels. */
  x: number;
  y: number;
}

export interface PlacedLabel {
  id: string;
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'end';
  anchorX: number;
  anchorY: number;
  /** Drawn with a line back to its point (moved away from it). */
  leader: boolean;
}

/** Height of one label line, px. */
export const LABEL_LINE_PX = 16;

/**
 * Labels to the right of their points (left when near the right edge), moved down one line at a
 * time until no two overlap (approximate widths: 7 px per character).
 */
export function placeLabels(points: readonly LabelIn[], opts: { width: number; right: number }): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const sorted = [...points].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const p of sorted) {
    const w = 7 * p.text.length;
    const anchor = p.x + 10 + w > opts.right ? 'end' : 'start';
    const x = anchor === 'start' ? p.x + 10 : p.x - 10;
    const left = anchor === 'start' ? x : x - w;
    let y = p.y + 4;
    const clash = (yy: number): boolean =>
      placed.some((q) => Math.abs(q.y - yy) < LABEL_LINE_PX && overlaps(left, w, q));
    let moved = 0;
    while (clash(y) && moved < 8) {
      y += LABEL_LINE_PX;
      moved++;
    }
    placed.push({ id: p.id, text: p.text, x, y, anchor, anchorX: p.x, anchorY: p.y, leader: moved > 0 });
  }
  return placed;
}

function overlaps(left: number, w: number, q: PlacedLabel): boolean {
  const qw = 7 * q.text.length;
  const qLeft = q.anchor === 'start' ? q.x : q.x - qw;
  return left < qLeft + qw && qLeft < left + w;
}
