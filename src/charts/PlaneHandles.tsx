/**
 * The two lines a user drags on the plane: β, a line of slope −β through the selected model's
 * point (rd mode), and σ, the vertical line at the selected model's target rate. This file draws
 * them and their grab targets; RdPlane turns the drag into a value.
 */
import type { PointerEvent as ReactPointerEvent } from 'react';
import type { RdPoint } from '../math/frontier';
import type { PlaneFrame } from './planeFrame';

export type DragKind = 'sigma' | 'beta';

export interface PlaneHandlesProps {
  frame: PlaneFrame;
  /** The β line's two ends (nats), or null when none is drawn. */
  betaLine: readonly [RdPoint, RdPoint] | null;
  /** The β line has a grab target. */
  betaDraggable: boolean;
  /** The target rate σ (nats), or null when the selected objective has none. */
  sigmaNats: number | null;
  /** The σ line has a grab target. */
  sigmaDraggable: boolean;
  /** A pointer went down on a grab target. */
  onStartDrag(kind: DragKind, e: ReactPointerEvent): void;
}

export function PlaneHandles({
  frame,
  betaLine,
  betaDraggable,
  sigmaNats,
  sigmaDraggable,
  onStartDrag,
}: PlaneHandlesProps) {
  const { mode, height, margin, px, py } = frame;
  return (
    <>
      {betaLine && (
        <g className="beta-line" data-testid="beta-line">
          <line
            x1={px(betaLine[0].rateNats)}
            y1={py(betaLine[0].distortionNats)}
            x2={px(betaLine[1].rateNats)}
            y2={py(betaLine[1].distortionNats)}
          />
          {betaDraggable && (
            <line
              className="handle"
              x1={px(betaLine[0].rateNats)}
              y1={py(betaLine[0].distortionNats)}
              x2={px(betaLine[1].rateNats)}
              y2={py(betaLine[1].distortionNats)}
              onPointerDown={(e) => onStartDrag('beta', e)}
            >
              <title>drag to change β (the slope is −β)</title>
            </line>
          )}
        </g>
      )}
      {/* σ after β: where the lines cross, the σ handle is on top (a separate grab target). */}
      {sigmaNats != null && (
        <g className="sigma" data-testid={mode === 'rd' ? 'sigma-line' : undefined}>
          <line x1={px(sigmaNats)} x2={px(sigmaNats)} y1={margin.top} y2={height - margin.bottom} />
          {sigmaDraggable && (
            <rect
              className="handle"
              x={px(sigmaNats) - 6}
              y={margin.top}
              width={12}
              height={height - margin.top - margin.bottom}
              onPointerDown={(e) => onStartDrag('sigma', e)}
            >
              <title>drag to change the target rate σ</title>
            </rect>
          )}
          <text x={px(sigmaNats) + 4} y={margin.top + 12}>
            σ
          </text>
        </g>
      )}
    </>
  );
}
