import { describe, expect, it } from 'vitest';
import { handOptimumTables } from '../../src/math/handOptimum';
import { entropyNats, mutualInformationNats } from '../../src/math/info';
import { mulberry32 } from '../../src/math/rng';
import {
  binEdges,
  classConditionals,
  classMutualInformationNats,
  solveNoiseStd,
  toyProblem,
} from '../../src/math/toyData';
import { toyFigureData, toyMetrics, type ToyTables } from '../../src/math/toyMetrics';

/** Independent reference for p(x = j | class): Simpson-rule integration of the Gaussian density over each bin. */
function integrateBins(mean: number, std: number): number[] {
  const edges = binEdges();
  const density = (h: number): number => Math.exp(-0.5 * ((h - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI));
  return Array.from({ length: 30 }, (_, j) => {
    const lo = j === 0 ? mean - 12 * std : (edges[j] as number);
    const hi = j === 29 ? mean + 12 * std : (edges[j + 1] as number);
    const n = 2000; // even
    const h = (hi - lo) / n;
    let s = density(lo) + density(hi);
    for (let k = 1; k < n; k++) s += (k % 2 === 1 ? 4 : 2) * density(lo + k * h);
    return (s * h) / 3;
  });
}

/** Random log tables with every row normalised. */
function randomTables(seed: number): ToyTables {
  const u = mulberry32(seed);
  const rows = (n: number, k: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = Array.from({ length: k }, () => u() ** 3 + 1e-6);
      const s = w.reduce((a, b) => a + b, 0);
      out.push(...w.map((v) => Math.log(v / s)));
    }
    return out;
  };
  return { logEnc: rows(30, 30), logDec: rows(30, 30), logMarg: rows(1, 30), numBins: 30, numLatents: 30 };
}

describe('toy data', () => {
  it('binning matches numerical integration of the Gaussian (tails into the outer bins)', () => {
    const s = 0.3;
    const [c0, c1] = classConditionals(s);
    const r0 = integrateBins(-0.5, s);
    const r1 = integrateBins(0.5, s);
    c0.forEach((v, j) => expect(v).toBeCloseTo(r0[j] as number, 9));
    c1.forEach((v, j) => expect(v).toBeCloseTo(r1[j] as number, 9));
    expect(c0.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
  it('solves s so that I(x; z*) = 0.5 nats, and I is monotone in s', () => {
    const s = solveNoiseStd(0.5);
    expect(classMutualInformationNats(s)).toBeCloseTo(0.5, 12);
    expect(classMutualInformationNats(s * 0.9)).toBeGreaterThan(0.5);
    expect(classMutualInformationNats(s * 1.1)).toBeLessThan(0.5);
    expect(() => solveNoiseStd(0.7)).toThrow(); // above H(z*) = 0.611 nats
  });
  it('p*(x) is the class mixture, H matches entropy(p*)', () => {
    const p = toyProblem();
    expect(p.pData.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(p.entropyNats).toBeCloseTo(entropyNats(p.pData), 14);
    expect(p.classInfoNats).toBeCloseTo(0.5, 12);
  });
});

describe('exact toy metrics', () => {
  it('hand optimum: R = I(x; z*) = 0.5 and D = H − 0.5 to 1e-9; bounds tight; g = p*', () => {
    const p = toyProblem();
    const m = toyMetrics(p, handOptimumTables(p));
    expect(Math.abs(m.rateNats - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(m.distortionNats - (p.entropyNats - 0.5))).toBeLessThan(1e-9);
    expect(Math.abs(m.mutualInfoNats - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(m.marginalKlNats)).toBeLessThan(1e-12);
  });
  it('R, D and I(z;z*) agree with a brute-force joint-table computation on random models', () => {
    const p = toyProblem();
    for (const seed of [1, 2, 3]) {
      const t = randomTables(seed);
      const m = toyMetrics(p, t);
      // Brute force from the joint p(c, x, z) = P(c) p(x|c) e(z|x).
      let R = 0;
      let D = 0;
      const joint: number[][] = [new Array(30).fill(0), new Array(30).fill(0)];
      for (let c = 0; c < 2; c++) {
        for (let x = 0; x < 30; x++) {
          for (let z = 0; z < 30; z++) {
            const w =
              (c === 0 ? 0.7 : 0.3) * (p.pDataGivenClass[c]?.[x] as number) * Math.exp(t.logEnc[x * 30 + z] as number);
            R += w * ((t.logEnc[x * 30 + z] as number) - (t.logMarg[z] as number));
            D -= w * (t.logDec[z * 30 + x] as number);
            (joint[c] as number[])[z] = ((joint[c] as number[])[z] as number) + w;
          }
        }
      }
      expect(m.rateNats).toBeCloseTo(R, 12);
      expect(m.distortionNats).toBeCloseTo(D, 12);
      expect(m.classInfoNats).toBeCloseTo(mutualInformationNats(joint), 12);
      // The sandwich H − D ≤ I ≤ R holds for any model.
      expect(m.entropyNats - m.distortionNats).toBeLessThanOrEqual(m.mutualInfoNats + 1e-12);
      expect(m.mutualInfoNats).toBeLessThanOrEqual(m.rateNats + 1e-12);
    }
  });
  it('figure data are distributions: every panel sums to 1', () => {
    const f = toyFigureData(toyProblem(), randomTables(4));
    for (const v of [
      f.pData,
      f.modelMarginal,
      f.reconstruction,
      f.marginal,
      f.aggregatePosterior,
      f.posteriorGivenClass[0],
      f.posteriorGivenClass[1],
    ]) {
      expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
    for (let x = 0; x < 30; x++)
      expect(f.reconstructionKernel.slice(x * 30, x * 30 + 30).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('generative mutual information bounds (Fixing a Broken ELBO, appendix)', () => {
  it('E ≤ I_d ≤ G, with G − I_d = KL(g ‖ p*) and I_d = Σ m d log(d/g) computed independently', async () => {
    const { generativeMiBounds, modelMarginal } = await import('../../src/math/toyMetrics');
    const { handOptimumTables } = await import('../../src/math/handOptimum');
    const { toyProblem } = await import('../../src/math/toyData');
    const problem = toyProblem();
    const rand = (await import('../../src/math/rng')).mulberry32(4);
    const X = problem.pData.length;
    const Z = 30;
    const logSoftmaxRows = (rows: number, cols: number): Float64Array => {
      const out = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) {
        const v = Array.from({ length: cols }, () => 3 * rand());
        const m = Math.log(v.reduce((s, a) => s + Math.exp(a), 0));
        v.forEach((a, c) => (out[r * cols + c] = a - m));
      }
      return out;
    };
    for (const tables of [
      handOptimumTables(problem),
      {
        numBins: X,
        numLatents: Z,
        logEnc: logSoftmaxRows(X, Z),
        logDec: logSoftmaxRows(Z, X),
        logMarg: logSoftmaxRows(1, Z),
      },
    ]) {
      const b = generativeMiBounds(problem, tables);
      const g = modelMarginal(tables);
      let kl = 0;
      g.forEach((gx, x) => (kl += gx > 0 ? gx * Math.log(gx / (problem.pData[x] as number)) : 0));
      expect(b.lower).toBeLessThanOrEqual(b.exact + 1e-9);
      expect(b.exact).toBeLessThanOrEqual(b.upper + 1e-9);
      expect(b.upper - b.exact).toBeCloseTo(kl, 9);
    }
  });
});
