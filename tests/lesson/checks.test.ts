/** The lesson's checks against hand-made reports: each ticks exactly when its numbers show it. */
import { describe, expect, it } from 'vitest';
import { CHAPTERS } from '../../src/lesson/chapters';
import type { LessonView } from '../../src/lesson/checks';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { toyProblem } from '../../src/math/toyData';
import { LESSON_CHAPTERS } from '../../src/state/url';
import type { ModelEntry } from '../../src/state/modelEntries';

const H = toyProblem().entropyNats;
const entry = (id: string, r: number, d: number, extra: Record<string, number> = {}): [string, ModelEntry] => [
  id,
  {
    spec: { id, label: '', kind: 'trained', objective: DEFAULT_OBJECTIVE },
    active: true,
    trail: [],
    series: [],
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
