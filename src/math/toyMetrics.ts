/**
 * Exact metrics of one toy model from its probability tables (float64 sums over the 30×30 grid).
 *
 * Table layout (flattened, row-major), shared with the tfjs model:
 *   logEnc [X][Z]: log e(z | x)     logDec [Z][X]: log d(x | z)     logMarg [Z]: log m(z)
 * All results are in nats. Entries may be −∞ (probability 0); 0·log 0 counts as 0.
 */
import { entropyNats, klNats, mutualInformationNats } from './info';
import { CLASS_PRIOR, type ToyProblem } from './toyData';

/** Log-probability tables of one model; see the file comment for the layout. */
export interface ToyTables {
  readonly logEnc: ArrayLike<number>;
  readonly logDec: ArrayLike<number>;
  readonly logMarg: ArrayLike<number>;
  readonly numBins: number;
  readonly numLatents: number;
}

/** The scalar metrics the explorer reports for every model, all in nats. */
export interface ToyMetrics {
  /** R = E_p*[KL(e(z|x) ‖ m(z))] */
  rateNats: number;
  /** D = −E_p* E_e[log d(x|z)] */
  distortionNats: number;
  /** −ELBO = R + D */
  negElboNats: number;
  /** H = −Σ p* log p* */
  entropyNats: number;
  /** KL(p* ‖ g), g(x) = Σ_z m(z) d(x|z) */
  marginalKlNats: number;
  /** The true I_e(x; z) under p*(x) e(z|x); H − D ≤ I ≤ R. */
  mutualInfoNats: number;
  /** I(z; z*): what the code knows about the true class. */
  classInfoNats: number;
  /**
   * Generative-MI bounds (Fixing a Broken ELBO, appendix) on I_d(x; z) under m(z)d(x|z):
   * E = Σ m d log(e(z|x)/m(z)) ≤ I_d ≤ G = Σ m d log(d(x|z)/q(x)), with q(x) = p*(x), the data
   * density (tractable here). G − I_d = KL(g ‖ p*), I_d − E = E_g KL(p_d(z|x) ‖ e(z|x)).
   */
  genMiLowerNats: number;
  genMiUpperNats: number;
}

/** Distributions drawn in the Figure 2 panels. Tables are row-major. */
export interface ToyFigureData {
  /** p*(x): [X] */
  pData: number[];
  /** g(x) = Σ_z m(z) d(x|z): [X] */
  modelMarginal: number[];
  /** d(x) = Σ_x' p*(x') Σ_z e(z|x') d(x|z), the distribution of reconstructions: [X] */
  reconstruction: number[];
  /** m(z): [Z] */
  marginal: number[];
  /** e(z) = Σ_x p*(x) e(z|x), the aggregate posterior: [Z] */
  aggregatePosterior: number[];
  /** e(z | z* = c) = Σ_x p(x|c) e(z|x): [2][Z] */
  posteriorGivenClass: [number[], number[]];
  /** e(z|x): [X][Z] */
  encoder: number[];
  /** d(x|z): [Z][X] */
  decoder: number[];
  /** p(x'|x) = Σ_z e(z|x) d(x'|z): [X][X'] */
  reconstructionKernel: number[];
}

const at = (a: ArrayLike<number>, i: number): number => a[i] as number;

/** Exact R, D, −ELBO, H, KL(p*‖g), I_e(x;z) and I(z;z*) of one model. */
export function toyMetrics(problem: ToyProblem, tables: ToyTables): ToyMetrics {
  const { numBins: X, numLatents: Z, logEnc, logDec, logMarg } = tables;
  const p = problem.pData;
  let rate = 0;
  let distortion = 0;
  const q = new Array<number>(Z).fill(0);
  for (let x = 0; x < X; x++) {
    const px = at(p, x);
    for (let z = 0; z < Z; z++) {
      const le = at(logEnc, x * Z + z);
      if (le === Number.NEGATIVE_INFINITY) continue;
      const e = Math.exp(le);
      rate += px * e * (le - at(logMarg, z));
      distortion -= px * e * at(logDec, z * X + x);
      q[z] = (q[z] as number) + px * e;
    }
  }
  let mutualInfo = 0;
  for (let x = 0; x < X; x++) {
    for (let z = 0; z < Z; z++) {
      const le = at(logEnc, x * Z + z);
      if (le === Number.NEGATIVE_INFINITY) continue;
      mutualInfo += at(p, x) * Math.exp(le) * (le - Math.log(q[z] as number));
    }
  }
  const g = modelMarginal(tables);
  const joint = problem.pDataGivenClass.map((pxc, c) => {
    const prior = CLASS_PRIOR[c === 0 ? 0 : 1];
    const row = new Array<number>(Z).fill(0);
    for (let x = 0; x < X; x++) {
      for (let z = 0; z < Z; z++) row[z] = (row[z] as number) + prior * at(pxc, x) * Math.exp(at(logEnc, x * Z + z));
    }
    return row;
  });
  const gen = generativeMiBounds(problem, tables);
  return {
    rateNats: rate,
    distortionNats: distortion,
    negElboNats: rate + distortion,
    entropyNats: problem.entropyNats,
    marginalKlNats: klNats(p, g),
    mutualInfoNats: mutualInfo,
    classInfoNats: mutualInformationNats(joint),
    genMiLowerNats: gen.lower,
    genMiUpperNats: gen.upper,
  };
}

/** E and G (see ToyMetrics) with q(x) = p*(x), and the exact I_d they bound, nats. */
export function generativeMiBounds(
  problem: ToyProblem,
  tables: ToyTables,
): { lower: number; upper: number; exact: number } {
  const { numBins: X, numLatents: Z, logEnc, logDec, logMarg } = tables;
  const g = modelMarginal(tables);
  let lower = 0;
  let upper = 0;
  let exact = 0;
  for (let z = 0; z < Z; z++) {
    const lm = at(logMarg, z);
    if (lm === Number.NEGATIVE_INFINITY) continue;
    for (let x = 0; x < X; x++) {
      const ld = at(logDec, z * X + x);
      if (ld === Number.NEGATIVE_INFINITY) continue;
      const w = Math.exp(lm + ld);
      lower += w * (at(logEnc, x * Z + z) - lm);
      upper += w * (ld - Math.log(at(problem.pData, x)));
      exact += w * (ld - Math.log(g[x] as number));
    }
  }
  return { lower, upper, exact };
}

/** g(x) = Σ_z m(z) d(x|z): [X] */
export function modelMarginal(tables: ToyTables): number[] {
  const { numBins: X, numLatents: Z, logDec, logMarg } = tables;
  const g = new Array<number>(X).fill(0);
  for (let z = 0; z < Z; z++) {
    const m = Math.exp(at(logMarg, z));
    if (m === 0) continue;
    for (let x = 0; x < X; x++) g[x] = (g[x] as number) + m * Math.exp(at(logDec, z * X + x));
  }
  return g;
}

/** All distributions of the Figure 2 panels for one model. */
export function toyFigureData(problem: ToyProblem, tables: ToyTables): ToyFigureData {
  const { numBins: X, numLatents: Z, logEnc, logDec, logMarg } = tables;
  const encoder = Array.from(logEnc, Math.exp);
  const decoder = Array.from(logDec, Math.exp);
  const marginal = Array.from(logMarg, Math.exp);
  const aggregatePosterior = new Array<number>(Z).fill(0);
  const byClass: [number[], number[]] = [new Array<number>(Z).fill(0), new Array<number>(Z).fill(0)];
  for (let x = 0; x < X; x++) {
    for (let z = 0; z < Z; z++) {
      const e = encoder[x * Z + z] as number;
      aggregatePosterior[z] = (aggregatePosterior[z] as number) + at(problem.pData, x) * e;
      byClass[0][z] = (byClass[0][z] as number) + at(problem.pDataGivenClass[0], x) * e;
      byClass[1][z] = (byClass[1][z] as number) + at(problem.pDataGivenClass[1], x) * e;
    }
  }
  const reconstructionKernel = new Array<number>(X * X).fill(0);
  for (let x = 0; x < X; x++) {
    for (let z = 0; z < Z; z++) {
      const e = encoder[x * Z + z] as number;
      if (e === 0) continue;
      for (let x2 = 0; x2 < X; x2++) {
        reconstructionKernel[x * X + x2] =
          (reconstructionKernel[x * X + x2] as number) + e * (decoder[z * X + x2] as number);
      }
    }
  }
  const reconstruction = new Array<number>(X).fill(0);
  for (let x = 0; x < X; x++) {
    for (let x2 = 0; x2 < X; x2++) {
      reconstruction[x2] =
        (reconstruction[x2] as number) + at(problem.pData, x) * (reconstructionKernel[x * X + x2] as number);
    }
  }
  return {
    pData: [...problem.pData],
    modelMarginal: modelMarginal(tables),
    reconstruction,
    marginal,
    aggregatePosterior,
    posteriorGivenClass: byClass,
    encoder,
    decoder,
    reconstructionKernel,
  };
}

/** Data entropy of the toy problem, exposed for views that need H without a model. */
export function dataEntropyNats(problem: ToyProblem): number {
  return entropyNats(problem.pData);
}
