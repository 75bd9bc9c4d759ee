/**
 * View of one model's log tables [ROWS · K] as ToyTables (layout: encoder rows x over z,
 * decoder rows z over x, marginal row), for the UI side which must not import the model layer.
 */
import { NUM_BINS, NUM_LATENTS } from '../math/toyData';
import type { ToyTables } from '../math/toyMetrics';

export function tableView(logTables: Float32Array): ToyTables {
  const X = NUM_BINS;
  const Z = NUM_LATENTS;
  return {
    logEnc: logTables.subarray(0, X * Z),
    logDec: logTables.subarray(X * Z, X * Z + Z * X),
    logMarg: logTables.subarray(2 * X * Z, 2 * X * Z + Z),
    numBins: X,
    numLatents: Z,
  };
}
