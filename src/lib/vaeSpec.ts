/**
 * Architecture of one image VAE, as plain data (URL, worker, CLI). The paper's 2 × 2 × 3 families:
 * encoder − (MLP → diagonal Gaussian) or + (the same, then IAF steps); decoder − (MLP →
 * Bernoulli pixels) or + (small PixelCNN conditioned on z); marginal − (N(0, I)), + (MAF on
 * N(0, I)) or v (VampPrior).
 */
export const ENCODERS = ['-', '+'] as const;
export const DECODERS = ['-', '+'] as const;
/** − N(0, I), + MAF, v VampPrior, l a fixed standard logistic per dimension (unit variance; VIMAE-l). */
export const MARGINALS = ['-', '+', 'v', 'l'] as const;
export type EncoderKind = (typeof ENCODERS)[number];
export type DecoderKind = (typeof DECODERS)[number];
export type MarginalKind = (typeof MARGINALS)[number];

export interface VaeArchitecture {
  encoder: EncoderKind;
  decoder: DecoderKind;
  marginal: MarginalKind;
  /** Dimensions of z, 2–64. */
  latentDim: number;
  /** Units of each MLP hidden layer of encoder and decoder. */
  hidden: number;
  /** Hidden layers of the MLPs (1–3; VIMAE's Figure 1 uses 3). */
  depth: number;
}

export const LATENT_DIM_LIMITS = { min: 2, max: 64 } as const;
export const HIDDEN_LIMITS = { min: 16, max: 1024 } as const;
export const DEPTH_LIMITS = { min: 1, max: 3 } as const;

/** Sizes of the parts, fixed so that every family trains at an interactive pace (see README). */
export const VAE_SIZES = {
  /** Flow steps of the IAF encoder and of the MAF marginal. */
  flowSteps: 2,
  /** Hidden units of each of the 2 hidden layers of every MADE. */
  madeHidden: 128,
  /** PixelCNN feature maps, and the dilations of its 3×3 type-B layers after the first (5×5, type A) one. */
  pixelChannels: 16,
  pixelDilations: [1, 2, 4, 8],
  /** Features per row of the PixelCNN's row context (a masked dense map of all rows above). */
  pixelRowFeatures: 8,
  /** VampPrior pseudo-inputs. */
  pseudoInputs: 50,
} as const;

export const DEFAULT_ARCHITECTURE: VaeArchitecture = {
  encoder: '-',
  decoder: '-',
  marginal: '-',
  latentDim: 16,
  hidden: 256,
  depth: 1,
};

/** The paper's tuple notation, e.g. "(−, +, v)". */
export function familyLabel(a: Pick<VaeArchitecture, 'encoder' | 'decoder' | 'marginal'>): string {
  const s = (k: string): string => (k === '-' ? '−' : k);
  return `(${s(a.encoder)}${s(a.decoder)}${s(a.marginal)})`;
}

/** Parse a tuple like "-+v" (encoder, decoder, marginal); null when it is not one. */
export function parseFamily(text: string): Pick<VaeArchitecture, 'encoder' | 'decoder' | 'marginal'> | null {
  const t = text.replace(/−/g, '-').replace(/[(),\s]/g, '');
  if (t.length !== 3) return null;
  const [e, d, m] = [...t] as [string, string, string];
  if (
    !(ENCODERS as readonly string[]).includes(e) ||
    !(DECODERS as readonly string[]).includes(d) ||
    !(MARGINALS as readonly string[]).includes(m)
  )
    return null;
  return { encoder: e as EncoderKind, decoder: d as DecoderKind, marginal: m as MarginalKind };
}

/** Clamp sizes into their limits (NaN → defaults). */
export function sanitizeArchitecture(a: VaeArchitecture): VaeArchitecture {
  const fix = (v: number, lim: { min: number; max: number }, dflt: number): number =>
    Number.isFinite(v) ? Math.round(Math.min(lim.max, Math.max(lim.min, v))) : dflt;
  const fam = parseFamily(`${a.encoder}${a.decoder}${a.marginal}`) ?? DEFAULT_ARCHITECTURE;
  return {
    ...fam,
    latentDim: fix(a.latentDim, LATENT_DIM_LIMITS, DEFAULT_ARCHITECTURE.latentDim),
    hidden: fix(a.hidden, HIDDEN_LIMITS, DEFAULT_ARCHITECTURE.hidden),
    depth: fix(a.depth, DEPTH_LIMITS, DEFAULT_ARCHITECTURE.depth),
  };
}
