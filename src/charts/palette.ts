/**
 * Colours and shapes of models. The hand optimum is grey with a diamond; up to eight models take
 * the Okabe–Ito colour-blind-safe palette, each with its own marker shape; sweeps (more than ten
 * models) use a sequential ramp so that order reads as colour.
 */
import { interpolateViridis } from 'd3';
import { MARKER_SHAPES, type MarkerShape } from './markers';

/** Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies. */
export const OKABE_ITO = [
  '#E69F00',
  '#0072B2',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Colour of model i of n. */
export function modelColour(id: string, index: number, count: number): string {
  if (id === 'hand') return '#666';
  if (count > 10) return interpolateViridis(0.05 + (0.85 * index) / Math.max(1, count - 1));
  return OKABE_ITO[index % OKABE_ITO.length] as string;
}

/** Marker shape of model i of n (sweeps: all circles, told apart by the ramp). */
export function modelShape(id: string, index: number, count: number): MarkerShape {
  if (id === 'hand') return 'diamond';
  if (count > 10) return 'circle';
  const shapes = MARKER_SHAPES.filter((s) => s !== 'diamond');
  return shapes[index % shapes.length] as MarkerShape;
}
