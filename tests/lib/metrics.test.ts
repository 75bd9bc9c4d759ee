/** The alarms drawn from reported numbers (lib/metrics.ts), at and around their thresholds. */
import { describe, expect, it } from 'vitest';
import {
  COLLAPSE_EXCESS_NATS,
  COLLAPSE_RATE_NATS,
  isCollapsed,
  isRateUnbounded,
  NEAR_DETERMINISTIC_STD,
} from '../../src/lib/metrics';

describe('collapse alarm', () => {
  const H = 80;
  it('needs both R below its threshold and D more than the excess above Ĥ (strict inequalities)', () => {
    const below = COLLAPSE_RATE_NATS - 1e-6;
    const far = H + COLLAPSE_EXCESS_NATS + 1e-6;
    expect(isCollapsed({ rateNats: below, distortionNats: far }, H)).toBe(true);
    expect(isCollapsed({ rateNats: 0, distortionNats: far }, H)).toBe(true);
    expect(isCollapsed({ rateNats: COLLAPSE_RATE_NATS, distortionNats: far }, H)).toBe(false);
    expect(isCollapsed({ rateNats: below, distortionNats: H + COLLAPSE_EXCESS_NATS }, H)).toBe(false);
    expect(isCollapsed({ rateNats: below, distortionNats: H }, H)).toBe(false);
  });
  it('never before there is an estimate Ĥ, and never on NaN numbers', () => {
    expect(isCollapsed({ rateNats: 0, distortionNats: 1e9 }, null)).toBe(false);
    expect(isCollapsed({ rateNats: Number.NaN, distortionNats: 1e9 }, H)).toBe(false);
    expect(isCollapsed({ rateNats: 0, distortionNats: Number.NaN }, H)).toBe(false);
  });
});

describe('unbounded rate', () => {
  it('only when a held-out measurement shows the encoder std below its floor', () => {
    const held = (s: number) => ({ heldOut: { encoderStdGeoMean: s } });
    expect(isRateUnbounded(held(0))).toBe(true);
    expect(isRateUnbounded(held(NEAR_DETERMINISTIC_STD * 0.999))).toBe(true);
    expect(isRateUnbounded(held(NEAR_DETERMINISTIC_STD))).toBe(false);
    expect(isRateUnbounded(held(Number.NaN))).toBe(false);
    expect(isRateUnbounded({})).toBe(false);
  });
});
