/**
 * The hand-designed optimal model of Figure 2a, built from the true generative process:
 * latent values 0 and 1 stand for the two classes, e(z=c | x) = P(z*=c | x), m(z=c) = P(z*=c),
 * d(x | z=c) = p(x | z*=c); the other 28 latent values get probability 0 (their decoder rows
 * are uniform and never used). Then R = I(x; z*) and D = H − I(x; z*) exactly.
 */
import { CLASS_PRIOR, NUM_BINS, NUM_LATENTS, type ToyProblem } from './toyData';
import type { ToyTables } from './toyMetrics';

/** Log tables of the hand-designed optimum (layout as in toyMetrics). */
export function handOptimumTables(problem: ToyProblem): ToyTables {
  const X = NUM_BINS;
  const Z = NUM_LATENTS;
  const logEnc = new Float64Array(X * Z).fill(Number.NEGATIVE_INFINITY);
  const logDec = new Float64Array(Z * X).fill(-Math.log(X));
  const logMarg = new Float64Array(Z).fill(Number.NEGATIVE_INFINITY);
  for (let c = 0; c < 2; c++) {
    logMarg[c] = Math.log(CLASS_PRIOR[c] as number);
    for (let x = 0; x < X; x++) {
      logEnc[x * Z + c] = Math.log(problem.pClassGivenData[c === 0 ? 0 : 1][x] as number);
      logDec[c * X + x] = Math.log(problem.pDataGivenClass[c === 0 ? 0 : 1][x] as number);
    }
  }
  return { logEnc, logDec, logMarg, numBins: X, numLatents: Z };
}
