/** Colours of models: the hand optimum is grey; trained models follow a d3 categorical scheme. */
import { interpolateViridis, schemeTableau10 } from 'd3';

/** Colour of model i of n (sweeps use a sequential ramp so order reads as colour). */
export function modelColour(id: string, index: number, count: number): string {
  if (id === 'hand') return '#555';
  if (count > 10) return interpolateViridis(0.05 + (0.85 * index) / Math.max(1, count - 1));
  return schemeTableau10[index % 10] as string;
}
