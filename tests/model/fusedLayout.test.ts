/** The fused toy program's packed layout (model/toyFusedShader.ts) against the families' own parameter shapes. */
import { describe, expect, it } from 'vitest';
import { FAMILY_NAMES, toyFamily } from '../../src/model/toyFamilies';
import { FUSED_PARAMS, FUSED_REPORT, fusedStride } from '../../src/model/toyFusedShader';

describe('fused layout', () => {
  it('FUSED_PARAMS: 30 × 30 tables and 30-long rows counted by hand', () => {
    // tabular: e(z|x) [30 × 30], d(x|z) [30 × 30], m(z) [30]; smooth: 5 rows of 30; smooth-encoder: 2 rows, d, m.
    expect(FUSED_PARAMS).toEqual({ tabular: 900 + 900 + 30, smooth: 5 * 30, 'smooth-encoder': 2 * 30 + 900 + 30 });
  });

  it('equals one model’s parameter count in every family; the stride holds params, m, v and μ', () => {
    expect(Object.keys(FUSED_PARAMS).sort()).toEqual([...FAMILY_NAMES].sort());
    for (const name of FAMILY_NAMES) {
      const fam = toyFamily(name);
      const fromShapes = fam.paramShapes(1).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
      expect(FUSED_PARAMS[name], name).toBe(fromShapes);
      expect(FUSED_PARAMS[name], name).toBe(fam.paramsPerModel);
      // Seeded initial values for 3 models: 3 × the per-model count.
      expect(fam.initParams(3, 1).reduce((n, a) => n + a.length, 0)).toBe(3 * FUSED_PARAMS[name]);
      expect(fusedStride(name)).toBe(3 * FUSED_PARAMS[name] + 1);
    }
    expect(FUSED_REPORT).toBe(3 + 61 * 30);
  });
});
