import { describe, expect, it } from 'vitest';
import { frontierStaircase, lowerLeftHull, paretoFrontier } from '../../src/math/frontier';

const pt = (r: number, d: number) => ({ rateNats: r, distortionNats: d });

describe('frontier and hull', () => {
  const points = [pt(0, 5), pt(1, 3), pt(2, 2.8), pt(3, 1), pt(1.5, 4), pt(4, 1), pt(5, 0.5), pt(2, 2)];
  it('Pareto frontier keeps exactly the non-dominated points, by rate', () => {
    expect(paretoFrontier(points)).toEqual([pt(0, 5), pt(1, 3), pt(2, 2), pt(3, 1), pt(5, 0.5)]);
  });
  it('ignores non-finite points', () => {
    expect(paretoFrontier([pt(Number.NaN, 1), pt(1, Infinity), pt(1, 1)])).toEqual([pt(1, 1)]);
  });
  it('staircase goes right then down between frontier points', () => {
    expect(frontierStaircase([pt(0, 5), pt(1, 3)])).toEqual([pt(0, 5), pt(1, 5), pt(1, 3)]);
  });
  it('lower-left hull drops points above the chords', () => {
    // (2,2) lies on the chord (1,3)–(3,1): collinear points are dropped; (5,0.5) stays.
    expect(lowerLeftHull(points)).toEqual([pt(0, 5), pt(1, 3), pt(3, 1), pt(5, 0.5)]);
  });
  it('hull of points on a convex curve keeps them all', () => {
    const curve = [0, 1, 2, 3, 4].map((r) => pt(r, (4 - r) ** 2));
    expect(lowerLeftHull(curve)).toEqual(curve);
  });
});
