/** Steps per second from (step, time) updates (lib/rateMeter.ts), against hand-computed rates. */
import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../src/lib/rateMeter';

describe('RateMeter', () => {
  it('rate = Δsteps / Δseconds once more than MIN_INTERVAL_S has passed; 0 before the first measurement', () => {
    const m = new RateMeter();
    m.reset(0, 1000);
    expect(m.update(10, 1020)).toBe(0); // 20 ms: too soon, nothing measured yet
    expect(m.update(50, 1500)).toBeCloseTo(100, 10); // 50 steps in 0.5 s
    expect(m.update(80, 2000)).toBeCloseTo(60, 10); // 30 steps in 0.5 s, measured from the last update
  });

  it('keeps the last rate when too little time passed or the step did not advance', () => {
    const m = new RateMeter();
    m.reset(0, 0);
    expect(m.update(100, 1000)).toBeCloseTo(100, 10);
    expect(m.update(200, 1040)).toBeCloseTo(100, 10); // 40 ms < 50 ms
    expect(m.update(100, 3000)).toBeCloseTo(100, 10); // step went back (a reset): no new rate
    // The too-soon update above did not move the reference point: 200 − 100 steps over 2.5 s.
    expect(m.update(200, 3500)).toBeCloseTo(40, 10);
  });

  it('exactly MIN_INTERVAL_S is not enough (strictly more is needed)', () => {
    const m = new RateMeter();
    m.reset(0, 0);
    expect(m.update(5, RateMeter.MIN_INTERVAL_S * 1000)).toBe(0);
    expect(m.update(6, RateMeter.MIN_INTERVAL_S * 1000 + 10)).toBeCloseTo(6 / 0.06, 8);
  });

  it('reset keeps the rate unless told to forget it, and restarts the measurement from its step and time', () => {
    const m = new RateMeter();
    m.reset(0, 0);
    m.update(100, 1000);
    m.reset(500, 5000);
    expect(m.update(500, 6000)).toBeCloseTo(100, 10); // kept, no progress since the reset
    expect(m.update(900, 7000)).toBeCloseTo(200, 10); // 400 steps in 2 s since the reset
    m.reset(0, 8000, false);
    expect(m.update(0, 9000)).toBe(0);
  });
});
