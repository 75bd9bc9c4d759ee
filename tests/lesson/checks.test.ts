/** The lesson's checks against hand-made reports: each ticks exactly when its numbers show it. */
import { describe, expect, it } from 'vitest';
import { CHAPTERS } from '../../src/lesson/chapters';
import type { LessonView } from '../../src/lesson/checks';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { toyProblem } from '../../src/math/toyData';
import { LESSON_CHAPTERS } from '../../src/state/url';
import type { HeldOutNumbers, ModelMetrics } from '../../src/lib/metrics';
import type { ModelEntry, SeriesRow } from '../../src/state/modelEntries';

const H = toyProblem().entropyNats;
const entry = (
  id: string,
  r: number,
  d: number,
  extra: Partial<ModelMetrics> = {},
  series: SeriesRow[] = [],
): [string, ModelEntry] => [
  id,
  {
    spec: { id, label: '', kind: 'trained', objective: DEFAULT_OBJECTIVE },
    active: true,
    trail: [],
    series,
    engine: null,
    metrics: {
      rateNats: r,
      distortionNats: d,
      negElboNats: r + d,
      betaEffective: 1,
      targetRateNats: 0.5,
      multiplier: 1,
      entropyNats: H,
      ...extra,
    },
  },
];
const view = (...e: [string, ModelEntry][]): LessonView => ({ step: 1000, models: Object.fromEntries(e) });
const ticks = (n: number, v: LessonView) => (CHAPTERS[n - 1]?.checks ?? []).map((c) => c.holds(v));
/** All checks of a chapter true except those at `falseAt`. */
const allBut = (n: number, ...falseAt: number[]) => (CHAPTERS[n - 1]?.checks ?? []).map((_, i) => !falseAt.includes(i));
/** Held-out numbers of an image model: zeros except the ones given. */
const heldOut = (x: Partial<HeldOutNumbers>): HeldOutNumbers => ({
  step: 1000,
  heldOutRateNats: 0,
  heldOutDistortionNats: 0,
  heldOutNegElboNats: 0,
  iwaeNats: 0,
  iwaeNegElboNats: 0,
  iwaeSamples: 10,
  activeUnits: 0,
  miEstimateNats: 0,
  miCeilingNats: 0,
  encoderStdGeoMean: 1,
  trainRateNats: 0,
  mmd: 0,
  mmdKernel: 'imq',
  mmdScale: 1,
  ...x,
});
/** A curve row with μ_R = mu and true −log p(x) = nll. */
const seriesRow = (step: number, mu: number, nll?: number): SeriesRow => ({
  step,
  rateNats: 0,
  distortionNats: 0,
  multiplier: 0,
  multipliers: [mu, 0, 0],
  mmd: 0,
  ...(nll === undefined ? {} : { nllNats: nll }),
});

describe('lesson checks', () => {
  it('has as many chapters as lesson= accepts, each with text, a source and 2–4 checks', () => {
    expect(CHAPTERS.length).toBe(LESSON_CHAPTERS);
    for (const c of CHAPTERS) {
      expect(c.body.length).toBeGreaterThanOrEqual(2);
      expect(c.body.length).toBeLessThanOrEqual(4);
      expect(c.source.length).toBeGreaterThan(10);
      expect(c.checks.length).toBeGreaterThanOrEqual(2);
    }
  });
  it('chapter 2 ticks for the paper’s picture (ELBO at R ≈ 0, σ at 0.5, same −ELBO) and not before', () => {
    const good = view(
      entry('elbo', 0.02, H - 0.02, { marginalKlNats: 0.001 }),
      entry('target', 0.5, H - 0.5, { marginalKlNats: 0.001 }),
    );
    expect(ticks(2, good)).toEqual([true, true, true, true]);
    const early = view(
      entry('elbo', 1.3, H - 1.2, { marginalKlNats: 0.05 }),
      entry('target', 0.8, H - 0.6, { marginalKlNats: 0.02 }),
    );
    expect(ticks(2, early)).toEqual([false, false, false, false]);
  });
  it('chapter 3 needs the class information on the right side of its thresholds', () => {
    const at = (elbo: number, target: number, targetRate = 0.5) =>
      ticks(
        3,
        view(
          entry('hand', 0.5, H - 0.5, { classInfoNats: 0.378 }),
          entry('elbo', 0.02, H - 0.02, { classInfoNats: elbo }),
          entry('target', targetRate, H - targetRate, { classInfoNats: target }),
        ),
      );
    expect(at(0.01, 0.29)).toEqual([true, true, true]);
    expect(at(0.04, 0.29)).toEqual([false, true, true]);
    expect(at(0.01, 0.29, 0.7)).toEqual([true, false, true]);
    expect(at(0.01, 0.51)[2]).toBe(false);
  });
  it('checks on missing numbers (no report yet) never tick', () => {
    for (let n = 1; n <= CHAPTERS.length; n++) expect(ticks(n, view()).some(Boolean)).toBe(false);
  });
});

/**
 * Each chapter's checks on views built so that every check holds, then changed one number at a time so that exactly
 * one check fails: a check that were always false, always true, or read the wrong number would fail here.
 */
describe('lesson checks hold exactly when their numbers show it', () => {
  it('chapter 1: on or above the bound; the hand optimum at R = 0.5 on it; the σ model on it', () => {
    const v = (elbo: [number, number], hand: [number, number], target: [number, number]) =>
      view(entry('hand', ...hand), entry('elbo', ...elbo), entry('target', ...target));
    const good = v([0.02, H - 0.02 + 0.05], [0.5, H - 0.5], [0.5, H - 0.5 + 0.005]);
    expect(ticks(1, good)).toEqual([true, true, true]);
    // ELBO model 0.02 nats below the bound (infeasible: a wrong number).
    expect(ticks(1, v([0.5, H - 0.52], [0.5, H - 0.5], [0.5, H - 0.495]))).toEqual(allBut(1, 0));
    // Hand optimum on the bound but at R = 0.6; then at R = 0.5 but 0.01 nats above the bound.
    expect(ticks(1, v([0.02, H + 0.03], [0.6, H - 0.6], [0.5, H - 0.495]))).toEqual(allBut(1, 1));
    expect(ticks(1, v([0.02, H + 0.03], [0.5, H - 0.49], [0.5, H - 0.495]))).toEqual(allBut(1, 1));
    // σ model 0.05 nats above the bound.
    expect(ticks(1, v([0.02, H + 0.03], [0.5, H - 0.5], [0.5, H - 0.45]))).toEqual(allBut(1, 2));
  });

  it('chapter 2: each check fails on its own number', () => {
    const v = (elboR: number, targetR: number, klElbo: number, elboGap = 0) =>
      view(
        entry('elbo', elboR, H - elboR + elboGap, { marginalKlNats: klElbo }),
        entry('target', targetR, H - targetR, { marginalKlNats: 0.001 }),
      );
    expect(ticks(2, v(0.02, 0.5, 0.001))).toEqual(allBut(2));
    expect(ticks(2, v(0.07, 0.5, 0.001))).toEqual(allBut(2, 0));
    expect(ticks(2, v(0.02, 0.52, 0.001))).toEqual(allBut(2, 1));
    expect(ticks(2, v(0.02, 0.5, 0.02))).toEqual(allBut(2, 2));
    expect(ticks(2, v(0.02, 0.5, 0.001, 0.02))).toEqual(allBut(2, 3));
  });

  it('chapter 3: a class information above I(x; z*) = 0.5 fails the last check', () => {
    const v = (hand: number) =>
      view(
        entry('hand', 0.5, H - 0.5, { classInfoNats: hand }),
        entry('elbo', 0.02, H - 0.02, { classInfoNats: 0.01 }),
        entry('target', 0.5, H - 0.5, { classInfoNats: 0.3 }),
      );
    expect(ticks(3, v(0.378))).toEqual(allBut(3));
    expect(ticks(3, v(0.52))).toEqual(allBut(3, 2));
  });

  it('chapter 4: β > 1 models at R ≈ 0, β < 1 models above 2 nats, all on the bound', () => {
    const sweep = (change: (i: number) => [number, number] | null = () => null) =>
      view(
        ...Array.from({ length: 16 }, (_, i) => {
          const [r, gap] = change(i) ?? (i < 8 ? [2.4, 0.01] : [0.01, 0.005]);
          return entry(`b${i}`, r, H - r + gap);
        }),
      );
    expect(ticks(4, sweep())).toEqual(allBut(4));
    expect(
      ticks(
        4,
        sweep((i) => (i === 15 ? [0.2, 0] : null)),
      ),
    ).toEqual(allBut(4, 0));
    expect(
      ticks(
        4,
        sweep((i) => (i === 0 ? [1.9, 0] : null)),
      ),
    ).toEqual(allBut(4, 1));
    expect(
      ticks(
        4,
        sweep((i) => (i === 3 ? [2.4, 0.03] : null)),
      ),
    ).toEqual(allBut(4, 2));
    // A model missing (no report yet): the checks over all models cannot hold.
    const partial = sweep();
    const { b15: _gone, ...rest } = partial.models;
    expect(ticks(4, { ...partial, models: rest })).toEqual(allBut(4, 0, 2));
  });

  it('chapter 5: held-out numbers decide (batch numbers that say the opposite are ignored)', () => {
    const v = (pixElbo: [number, number], pixLow: [number, number], mlpR: number) =>
      view(
        entry('pix-elbo', 50, 30, {
          heldOut: heldOut({ heldOutRateNats: pixElbo[0], heldOutDistortionNats: pixElbo[1] }),
        }),
        entry('pix-low', 0, 90, { heldOut: heldOut({ heldOutRateNats: pixLow[0], heldOutDistortionNats: pixLow[1] }) }),
        entry('mlp-elbo', 0, 90, { heldOut: heldOut({ heldOutRateNats: mlpR }) }),
      );
    expect(ticks(5, v([0.3, 80], [25, 60], 20))).toEqual(allBut(5));
    expect(ticks(5, v([1.5, 80], [25, 60], 20))).toEqual(allBut(5, 0));
    expect(ticks(5, v([0.3, 80], [9, 60], 20))).toEqual(allBut(5, 1));
    expect(ticks(5, v([0.3, 80], [25, 76], 20))).toEqual(allBut(5, 1));
    expect(ticks(5, v([0.3, 80], [25, 60], 8))).toEqual(allBut(5, 2));
    // Before the first held-out measurement nothing ticks.
    expect(ticks(5, view(entry('pix-elbo', 0.1, 80), entry('pix-low', 20, 60), entry('mlp-elbo', 20, 70)))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('chapter 6: ELBO drops the code, InfoVAE keeps it with a small MMD², L_AE leaves q(z) far from p(z)', () => {
    const v = (elbo: [number, number], info: [number, number], laeMmd: number) =>
      view(
        entry('elbo', 9, 80, { heldOut: heldOut({ heldOutRateNats: elbo[0], mmd: elbo[1] }) }),
        entry('info', 0, 80, { heldOut: heldOut({ heldOutRateNats: info[0], mmd: info[1] }) }),
        entry('lae', 30, 60, { heldOut: heldOut({ heldOutRateNats: 30, mmd: laeMmd }) }),
      );
    expect(ticks(6, v([0.5, 0.001], [12, 0.004], 0.5))).toEqual(allBut(6));
    expect(ticks(6, v([2.5, 0.001], [12, 0.004], 0.5))).toEqual(allBut(6, 0));
    expect(ticks(6, v([0.4, 0.001], [1.9, 0.004], 0.5))).toEqual(allBut(6, 1));
    expect(ticks(6, v([1, 0.001], [3.5, 0.004], 0.5))).toEqual(allBut(6, 1));
    expect(ticks(6, v([0.5, 0.001], [12, 0.02], 0.5))).toEqual(allBut(6, 2));
    expect(ticks(6, v([0.5, 0.001], [12, 0.004], 0.003))).toEqual(allBut(6, 2));
  });

  it('chapter 7: R = 5 held, the lower target has the larger μ_R, μ_R settled over the last 20 reports', () => {
    const steady = Array.from({ length: 25 }, (_, i) => seriesRow(i * 100, 2 + 0.01 * Math.sin(i)));
    const v = (rate: number, mu20: number, series: SeriesRow[] = steady) =>
      view(
        entry('sig5', rate, 90, { multipliers: [2, 0, 0] }, series),
        entry('sig20', 20, 70, { multipliers: [mu20, 0, 0] }),
      );
    expect(ticks(7, v(5.3, 0.5))).toEqual(allBut(7));
    expect(ticks(7, v(6.2, 0.5))).toEqual(allBut(7, 0));
    expect(ticks(7, v(5.3, 3))).toEqual(allBut(7, 1));
    // 19 reports are too few; a μ_R still drifting from 1.5 to 2 has not settled.
    expect(ticks(7, v(5.3, 0.5, steady.slice(-19)))).toEqual(allBut(7, 2));
    const drifting = Array.from({ length: 25 }, (_, i) => seriesRow(i * 100, 1.5 + i / 48));
    expect(ticks(7, v(5.3, 0.5, drifting))).toEqual(allBut(7, 2));
  });

  it('chapter 8: β = 0.5 has more information and a rising −log p(x); the capped model holds R ≤ 2', () => {
    const curve = (nll: number[]) => nll.map((x, i) => seriesRow(i * 100, 0, x));
    const v = (elboMi: number, nll: number[], capR: number) =>
      view(
        entry('low', 2.5, 0, { miEstimateNats: 1.2 }, curve(nll)),
        entry('elbo', 0.7, 0.9, { miEstimateNats: elboMi }),
        entry('low-cap', capR, 0.5, { miEstimateNats: 1 }),
      );
    const rising = [1.4, 1.35, 1.33, 1.45];
    expect(ticks(8, v(0.6, rising, 2))).toEqual(allBut(8));
    expect(ticks(8, v(1.15, rising, 2))).toEqual(allBut(8, 0));
    expect(ticks(8, v(0.6, [1.4, 1.35, 1.33, 1.36], 2))).toEqual(allBut(8, 1));
    expect(ticks(8, v(0.6, [1.4], 2))).toEqual(allBut(8, 1));
    expect(ticks(8, v(0.6, rising, 2.3))).toEqual(allBut(8, 2));
  });

  it('chapter 9: targets up to 2 nats reached on the bound with μ_R ≈ 1; the highest target off the bound', () => {
    type Change = { rateOff?: number; gap?: number; mu?: number };
    const sweep = (changes: Record<string, Change> = {}, topGap = 0.3) =>
      view(
        ...Array.from({ length: 10 }, (_, i) => {
          const id = `s${i}`;
          const c = changes[id] ?? {};
          const sigma = 0.2 * i;
          const r = sigma + (c.rateOff ?? 0.005);
          return entry(id, r, H - r + (c.gap ?? 0.01), {
            targetRateNats: sigma,
            multiplier: c.mu ?? (i === 0 ? 0 : 1.02),
          });
        }),
        entry('s15', 3.3, H - 3.3 + topGap, { targetRateNats: 3.3, multiplier: 0 }),
      );
    expect(ticks(9, sweep())).toEqual(allBut(9));
    expect(ticks(9, sweep({ s4: { rateOff: 0.05 } }))).toEqual(allBut(9, 0));
    expect(ticks(9, sweep({ s7: { mu: 0.9 } }))).toEqual(allBut(9, 1));
    expect(ticks(9, sweep({ s2: { gap: 0.03 } }))).toEqual(allBut(9, 1));
    expect(ticks(9, sweep({}, 0.05))).toEqual(allBut(9, 2));
  });
});
