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

/** Pack one model's ToyTables into a [ROWS · K] log-table buffer (the inverse of tableView). */
export function packTables(t: ToyTables): Float32Array {
  const out = new Float32Array(t.logEnc.length + t.logDec.length + t.logMarg.length);
  out.set(Array.from(t.logEnc), 0);
  out.set(Array.from(t.logDec), t.logEnc.length);
  out.set(Array.from(t.logMarg), t.logEnc.length + t.logDec.length);
  return out;
}
