/**
 * The frame the layers of the rate–distortion plane draw in: its size and margins, the plane's
 * mode, the display units and the map from nats to pixels; and the model point they all draw.
 * RdPlane builds the frame; the axes, bounds, handles, points and tooltip read it.
 */
import type { RdPoint } from '../math/frontier';
import type { MarkerShape } from './markers';
import type { Units } from './units';

/** One model on the plane: where it is now (nats), its trail and how it is drawn. */
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
  /** Where R and D were measured: held-out images (image models, once measured) or the training batch (default). */
  measured?: 'held-out' | 'batch';
}

export type PlaneMode = 'rd' | 'skew';

export interface PlaneMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const PLANE_MARGIN: PlaneMargin = { top: 12, right: 16, bottom: 44, left: 56 };

export interface PlaneFrame {
  mode: PlaneMode;
  units: Units;
  width: number;
  height: number;
  margin: PlaneMargin;
  /** Pixel x of a rate, nats. */
  px(nats: number): number;
  /** Pixel y of a plotted value (D, or R + D on the skew axes), nats. */
  py(nats: number): number;
}

/** y value of a point in the given mode: D, or R + D on the skew axes. */
export const yOf = (mode: PlaneMode, p: RdPoint): number =>
  mode === 'rd' ? p.distortionNats : p.rateNats + p.distortionNats;

/** Pixel position of a point on the plane. */
export const pointX = (f: PlaneFrame, p: RdPoint): number => f.px(p.rateNats);
export const pointY = (f: PlaneFrame, p: RdPoint): number => f.py(yOf(f.mode, p));
