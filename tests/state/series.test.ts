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
  it('series: same step replaces, a step back starts over, past the cap every other point is dropped (ends kept)', () => {
    let s: SeriesRow[] = [];
    for (let i = 0; i <= SERIES_MAX; i++) s = appendSeries(s, row(i));
    expect(s.length).toBeLessThanOrEqual(SERIES_MAX);
    expect(s[0]?.step).toBe(0);
    expect(s[s.length - 1]?.step).toBe(SERIES_MAX);
    const same = appendSeries(s, { ...row(SERIES_MAX), rateNats: -1 });
    expect(same.length).toBe(s.length);
    expect(same[same.length - 1]?.rateNats).toBe(-1);
    expect(appendSeries(s, row(3))).toEqual([row(3)]);
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
