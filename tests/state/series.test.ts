import { describe, expect, it } from 'vitest';
import { appendSeries, SERIES_MAX, type SeriesRow } from '../../src/state/sessionStore';
import { isCollapsed, isRateUnbounded, NEAR_DETERMINISTIC_STD } from '../../src/lib/metrics';
import { timeDomain } from '../../src/charts/TimePlot';

const row = (step: number): SeriesRow => ({
  step,
  rateNats: step,
  distortionNats: 1,
  multiplier: 0,
  multipliers: [0, 0, 0],
  mmd: 0,
});

describe('curves over training', () => {
  it('series: same step replaces, a step back starts over, past the cap every other row goes (ends kept)', () => {
    let s: SeriesRow[] = [];
    for (let i = 0; i < SERIES_MAX; i++) s = appendSeries(s, row(i));
    // Up to the cap every row is kept, unchanged.
    expect(s).toEqual(Array.from({ length: SERIES_MAX }, (_, i) => row(i)));
    s = appendSeries(s, row(SERIES_MAX));
    // One past the cap: rows at even positions stay (0, 2, …, SERIES_MAX, the last one among them), the rest go.
    expect(s).toEqual(Array.from({ length: SERIES_MAX / 2 + 1 }, (_, i) => row(2 * i)));
    const same = appendSeries(s, { ...row(SERIES_MAX), rateNats: -1 });
    expect(same.length).toBe(s.length);
    expect(same[same.length - 1]?.rateNats).toBe(-1);
    expect(appendSeries(s, row(3))).toEqual([row(3)]);
  });
  it('series: every thinning keeps the rows at even positions and the newest (a plain-loop model of the rule)', () => {
    // Independent model: a list of steps; append; past the cap keep positions 0, 2, 4, … and the last.
    let model: number[] = [];
    let s: SeriesRow[] = [];
    for (let step = 0; step < 3 * SERIES_MAX; step += 1 + (step % 3)) {
      s = appendSeries(s, row(step));
      model.push(step);
      if (model.length > SERIES_MAX) {
        const kept: number[] = [];
        for (let i = 0; i < model.length; i++) if (i % 2 === 0 || i === model.length - 1) kept.push(model[i] as number);
        model = kept;
      }
      expect(s.map((r) => r.step)).toEqual(model);
    }
    // Rows keep their own numbers (none is averaged or shifted).
    expect(s.every((r) => r.rateNats === r.step)).toBe(true);
    // Hand-computed, steps 0, 1, 2, … one by one: at 400 the series thins to the even steps 0..400 (201 rows); at 600
    // (401 rows again) positions 0..200 hold 2i and keep the even ones (multiples of 4 up to 400), positions 201..400
    // hold 401..600 and keep 402, 404, …, 600.
    let t: SeriesRow[] = [];
    for (let i = 0; i <= 600; i++) t = appendSeries(t, row(i));
    const range = (from: number, to: number, by: number) =>
      Array.from({ length: Math.floor((to - from) / by) + 1 }, (_, i) => from + i * by);
    expect(t.map((r) => r.step)).toEqual([...range(0, 400, 4), ...range(402, 600, 2)]);
    // At 800 it thins again: multiples of 8 up to 400, multiples of 4 from 404 to 600, even steps from 602 to 800.
    for (let i = 601; i <= 800; i++) t = appendSeries(t, row(i));
    expect(t.map((r) => r.step)).toEqual([...range(0, 400, 8), ...range(404, 600, 4), ...range(602, 800, 2)]);
    expect(t.length).toBe(SERIES_MAX / 2 + 1);
  });
  it('time-plot domain covers values and guides, ignores NaN, pads a flat series', () => {
    expect(
      timeDomain(
        [
          {
            name: 'a',
            colour: '#000',
            points: [
              [0, 1],
              [1, Number.NaN],
              [2, 3],
            ],
          },
        ],
        [{ label: 'clip', value: 50 }],
      )[1],
    ).toBeGreaterThan(50);
    const [lo, hi] = timeDomain([
      {
        name: 'a',
        colour: '#000',
        points: [
          [0, 2],
          [1, 2],
        ],
      },
    ]);
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    expect(timeDomain([])).toEqual([0, 1]);
  });
  it('collapse alarm: R near 0 while D is well above Ĥ; not for an autodecoder at Ĥ, not before Ĥ exists', () => {
    expect(isCollapsed({ rateNats: 0.1, distortionNats: 190 }, 90)).toBe(true);
    expect(isCollapsed({ rateNats: 0.8, distortionNats: 70 }, 70.6)).toBe(false);
    expect(isCollapsed({ rateNats: 3, distortionNats: 190 }, 90)).toBe(false);
    expect(isCollapsed({ rateNats: 0.1, distortionNats: 190 }, null)).toBe(false);
  });
  it('R unbounded once the encoder std is near its floor', () => {
    const held = (s: number) => ({ heldOut: { encoderStdGeoMean: s } });
    expect(isRateUnbounded(held(NEAR_DETERMINISTIC_STD / 2))).toBe(true);
    expect(isRateUnbounded(held(0.5))).toBe(false);
    expect(isRateUnbounded({})).toBe(false);
  });
});
