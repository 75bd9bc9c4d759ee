import { describe, expect, it } from 'vitest';
import { betaFromDrag, betaLine, infeasibleTriangle, rdDomain, skewDomain } from '../../src/charts/rdGeometry';
import { LABEL_LINE_PX, placeLabels } from '../../src/charts/markers';

const pt = (r: number, d: number) => ({ rateNats: r, distortionNats: d });

describe('RD view geometry', () => {
  it('domain covers H and every finite point, with 10 % headroom', () => {
    expect(rdDomain(3, [pt(1, 1)])).toEqual({
      rateMax: 3.3000000000000003,
      distortionMax: 3.3000000000000003,
      distortionMin: 0,
    });
    expect(rdDomain(1, [pt(4, -2)]).distortionMin).toBeCloseTo(-2.2, 12); // differential D of continuous data
    expect(rdDomain(3, [pt(5, 1), pt(Number.NaN, 9)]).rateMax).toBeCloseTo(5.5, 12);
  });
  it('infeasible region is the triangle under D = H − R', () => {
    expect(infeasibleTriangle(2)).toEqual([pt(0, 0), pt(0, 2), pt(2, 0)]);
  });
  it('β line passes through the point with slope −β, clipped to the visible box', () => {
    const seg = betaLine(pt(1, 2), 1, 4, 4);
    expect(seg).toEqual([pt(0, 3), pt(3, 0)]);
    const steep = betaLine(pt(1, 2), 4, 4, 4);
    expect(steep?.[0]).toEqual(pt(0.5, 4));
    expect(steep?.[1]).toEqual(pt(1.5, 0));
    expect(betaLine(pt(1, 2), 0, 4, 4)).toEqual([pt(0, 2), pt(4, 2)]);
  });
  it('dragging to q sets β = −ΔD/ΔR, clamped to [0, max]', () => {
    expect(betaFromDrag(pt(1, 2), pt(2, 1.5), 10)).toBeCloseTo(0.5, 12);
    expect(betaFromDrag(pt(1, 2), pt(2, 3), 10)).toBe(0);
    expect(betaFromDrag(pt(1, 2), pt(1.0001, -100), 10)).toBe(10);
    expect(betaFromDrag(pt(1, 2), pt(1, 0), 10)).toBeNull();
  });
  it('skew axes zoom to a band around H that contains every −ELBO', () => {
    const d = skewDomain(3, [pt(1, 2.5), pt(0, 3)]);
    expect(d.lo).toBeCloseTo(2.55, 12);
    expect(d.hi).toBeCloseTo(3.95, 12);
    // A training-batch point below a held-out Ĥ widens the band down instead of falling off the axes.
    const low = skewDomain(300, [pt(2, 100), pt(0, 310)]);
    expect(low.lo).toBeCloseTo(102 - 45, 9);
    expect(low.hi).toBeCloseTo(310 + 45, 9);
  });
  it('labels of coincident points do not overlap; a label near the right edge goes to the left', () => {
    const placed = placeLabels(
      [
        { id: 'hand', text: 'hand optimum', x: 100, y: 50 },
        { id: 'target', text: 'target rate σ = 0.50', x: 100, y: 50 },
        { id: 'edge', text: 'ELBO', x: 470, y: 200 },
      ],
      { width: 480, right: 464 },
    );
    const [a, b] = placed.filter((l) => l.id !== 'edge');
    expect(Math.abs((a?.y ?? 0) - (b?.y ?? 0))).toBeGreaterThanOrEqual(LABEL_LINE_PX);
    expect(placed.find((l) => l.id === 'target')?.leader || placed.find((l) => l.id === 'hand')?.leader).toBe(true);
    expect(placed.find((l) => l.id === 'edge')?.anchor).toBe('end');
  });
});

describe('display of numbers', () => {
  it('never shows "-0.000"', async () => {
    const { fixed, formatInfo } = await import('../../src/charts/units');
    expect(fixed(-0.00004, 3)).toBe('0.000');
    expect(fixed(-0.4, 1)).toBe('-0.4');
    expect(formatInfo(-1e-9, 'nats')).toBe('0.000 nats');
  });
});
