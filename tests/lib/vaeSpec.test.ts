/** The image VAE's architecture as plain data (lib/vaeSpec.ts): tuple notation, parsing and clamping. */
import { describe, expect, it } from 'vitest';
import {
  DECODERS,
  DEFAULT_ARCHITECTURE,
  DEPTH_LIMITS,
  ENCODERS,
  familyLabel,
  HIDDEN_LIMITS,
  LATENT_DIM_LIMITS,
  MARGINALS,
  parseFamily,
  sanitizeArchitecture,
  type VaeArchitecture,
} from '../../src/lib/vaeSpec';

describe('family notation', () => {
  it('familyLabel writes the paper’s tuple with a true minus sign', () => {
    expect(familyLabel({ encoder: '-', decoder: '+', marginal: 'v' })).toBe('(−+v)');
    expect(familyLabel({ encoder: '+', decoder: '-', marginal: '-' })).toBe('(+−−)');
    expect(familyLabel({ encoder: '-', decoder: '-', marginal: 'l' })).toBe('(−−l)');
  });

  it('parseFamily reads ASCII or true minus signs, with or without brackets, commas and spaces', () => {
    const want = { encoder: '-', decoder: '+', marginal: 'v' };
    for (const text of ['-+v', '−+v', '(−+v)', '(-, +, v)', ' ( − + v ) '])
      expect(parseFamily(text), text).toEqual(want);
  });

  it('parseFamily rejects anything that is not one encoder, one decoder and one marginal', () => {
    for (const text of ['', '-+', '-+v-', 'v+-', '-v+', '*+-', '--x', 'abc', '++++'])
      expect(parseFamily(text), text).toBeNull();
  });

  it('every one of the 2 × 2 × 4 families survives familyLabel → parseFamily', () => {
    let n = 0;
    for (const encoder of ENCODERS)
      for (const decoder of DECODERS)
        for (const marginal of MARGINALS) {
          expect(parseFamily(familyLabel({ encoder, decoder, marginal }))).toEqual({ encoder, decoder, marginal });
          n++;
        }
    expect(n).toBe(16);
  });
});

describe('sanitizeArchitecture', () => {
  const arch = (a: Partial<VaeArchitecture>): VaeArchitecture => ({ ...DEFAULT_ARCHITECTURE, ...a });

  it('keeps a valid architecture as it is', () => {
    const a = arch({ encoder: '+', decoder: '+', marginal: 'v', latentDim: 8, hidden: 64, depth: 2 });
    expect(sanitizeArchitecture(a)).toEqual(a);
  });

  it('clamps sizes into their limits and rounds them to integers', () => {
    const a = sanitizeArchitecture(arch({ latentDim: 1, hidden: 5000, depth: 0 }));
    expect([a.latentDim, a.hidden, a.depth]).toEqual([LATENT_DIM_LIMITS.min, HIDDEN_LIMITS.max, DEPTH_LIMITS.min]);
    const b = sanitizeArchitecture(arch({ latentDim: 100, hidden: 3, depth: 9 }));
    expect([b.latentDim, b.hidden, b.depth]).toEqual([LATENT_DIM_LIMITS.max, HIDDEN_LIMITS.min, DEPTH_LIMITS.max]);
    const c = sanitizeArchitecture(arch({ latentDim: 7.6, hidden: 100.4, depth: 2.5 }));
    expect([c.latentDim, c.hidden, c.depth]).toEqual([8, 100, 3]);
  });

  it('NaN and infinite sizes take the defaults; an unknown family takes the default family', () => {
    const a = sanitizeArchitecture(
      arch({ latentDim: Number.NaN, hidden: Number.POSITIVE_INFINITY, depth: Number.NEGATIVE_INFINITY }),
    );
    expect([a.latentDim, a.hidden, a.depth]).toEqual([
      DEFAULT_ARCHITECTURE.latentDim,
      DEFAULT_ARCHITECTURE.hidden,
      DEFAULT_ARCHITECTURE.depth,
    ]);
    const bad = { ...DEFAULT_ARCHITECTURE, encoder: 'x', marginal: '+' } as unknown as VaeArchitecture;
    const b = sanitizeArchitecture(bad);
    expect([b.encoder, b.decoder, b.marginal]).toEqual([
      DEFAULT_ARCHITECTURE.encoder,
      DEFAULT_ARCHITECTURE.decoder,
      DEFAULT_ARCHITECTURE.marginal,
    ]);
  });
});
