/** How many training workers an experiment gets, and how often it reports (lib/pool.ts), on hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { autoPoolSize, MAX_POOL, poolSizeFor, REPORT_INTERVAL_MS, reportIntervalFor } from '../../src/lib/pool';

describe('pool size', () => {
  it('automatic: every core but one, at least 1, at most MAX_POOL; fractional core counts round down', () => {
    expect([0, 1, 2, 3, 4, 8].map(autoPoolSize)).toEqual([1, 1, 1, 2, 3, 7]);
    expect(autoPoolSize(2.9)).toBe(1);
    expect(autoPoolSize(MAX_POOL + 1)).toBe(MAX_POOL);
    expect(autoPoolSize(1000)).toBe(MAX_POOL);
  });

  it('a request is rounded and clamped to [1, MAX_POOL]; never more workers than trained models', () => {
    expect(poolSizeFor(3, 10, 2)).toBe(3);
    expect(poolSizeFor(2.6, 10, 2)).toBe(3);
    expect(poolSizeFor(0, 10, 8)).toBe(1);
    expect(poolSizeFor(-4, 10, 8)).toBe(1);
    expect(poolSizeFor(99, 100, 8)).toBe(MAX_POOL);
    expect(poolSizeFor(4, 2, 8)).toBe(2);
    // No request: the automatic size (cores − 1), still capped by the models.
    expect(poolSizeFor(null, 10, 4)).toBe(3);
    expect(poolSizeFor(null, 2, 8)).toBe(2);
    // An experiment with nothing to train still gets one worker.
    expect(poolSizeFor(null, 0, 8)).toBe(1);
    expect(poolSizeFor(5, 0, 8)).toBe(1);
  });
});

describe('report interval', () => {
  it('the base interval while a core is left for the page; twice it when the workers take every core', () => {
    expect(reportIntervalFor(1, 2, REPORT_INTERVAL_MS)).toBe(REPORT_INTERVAL_MS);
    expect(reportIntervalFor(2, 2, REPORT_INTERVAL_MS)).toBe(2 * REPORT_INTERVAL_MS);
    expect(reportIntervalFor(3, 2, 100)).toBe(200);
    expect(reportIntervalFor(3, 4, 100)).toBe(100);
    expect(reportIntervalFor(4, 4, 50)).toBe(100);
    // Fractional and missing core counts: floored, and at least one core.
    expect(reportIntervalFor(2, 2.5, 100)).toBe(200);
    expect(reportIntervalFor(1, 0, 100)).toBe(200);
  });
});
