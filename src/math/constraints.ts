/**
 * The full loss of an image or 1-D model, in plain numbers: the objective's D + β_eff·R, its MMD
 * weight b, and the constraints of Lagrangian family §4, each with a multiplier μ_c updated by dual
 * ascent and clipped to a visible range. The tensor version in model/vae/vaeModel.ts is tested
 * against these functions.
 *
 *   L = D + a·R + b·MMD + Σ_c μ_c·g_c + ρ/2·h(g_R)²,     g_c = value_c − bound_c,
 *   h(g) = g for R = σ, max(0, g) for R ≤ σ (the augmented term, which damps dual ascent),
 *   μ_c ← clip(μ_c + η_c·g_c / s_c, lo_c, hi_c),   lo = 0 for "≤", −hi for "=".
 * Its gradient weights: ∂L/∂D = 1 + μ_E, ∂L/∂R = a + μ_R + ρ·h(g_R) + μ_E, ∂L/∂MMD = b + μ_M,
 * where a is the objective's β_eff (math/objective.ts) with the batch's R.
 */
import {
  effectiveBeta,
  MULTIPLIER_DAMPING,
  objectiveCoefficients,
  objectiveValue,
  type ObjectiveSettings,
} from './objective';

/** Constrained quantities, in the order of the multiplier vector [rate, mmd, negElbo]. */
export const CONSTRAINED = ['rate', 'mmd', 'negElbo'] as const;
export type Constrained = (typeof CONSTRAINED)[number];

/**
 * Dual ascent per constraint: the step η, the gap's scale s (the MMD gap is relative to ε, since
 * MMD² is tiny and unitless; nats elsewhere) and the clip range [0 or −clip, clip] drawn in the UI.
 */
export const CONSTRAINT_DUAL = {
  rate: { step: 0.02, clip: 50 },
  mmd: { step: 0.05, clip: 2000 },
  negElbo: { step: 0.02, clip: 50 },
} as const;

/** The multipliers [μ_R, μ_M, μ_E]. */
export type Multipliers = [number, number, number];

/** What the loss is computed from: the batch's means (nats; MMD² unitless). */
export interface LossInputs {
  rateNats: number;
  distortionNats: number;
  mmd: number;
}

/** Which constraints are on, with their relation and bound; the scales of their gaps. */
export interface ConstraintCoefficients {
  /** 1 where the constraint is on. */
  on: [0 | 1, 0 | 1, 0 | 1];
  /** 1 where it is an equality (only R can be). */
  equality: [0 | 1, 0 | 1, 0 | 1];
  bound: [number, number, number];
  /** Divides the gap in the dual step. */
  gapScale: [number, number, number];
}

export function constraintCoefficients(s: ObjectiveSettings): ConstraintCoefficients {
  return {
    on: [s.rateConstraint === 'off' ? 0 : 1, s.mmdMax > 0 ? 1 : 0, s.negElboMaxNats > 0 ? 1 : 0],
    equality: [s.rateConstraint === 'eq' ? 1 : 0, 0, 0],
    bound: [s.targetRateNats, s.mmdMax, s.negElboMaxNats],
    gapScale: [1, Math.max(s.mmdMax, 1e-6), 1],
  };
}

function values(x: LossInputs): [number, number, number] {
  return [x.rateNats, x.mmd, x.rateNats + x.distortionNats];
}

/** The augmented term's argument h(g_R). */
function rateHinge(cc: ConstraintCoefficients, x: LossInputs): number {
  const g = x.rateNats - cc.bound[0];
  return cc.on[0] * (cc.equality[0] ? g : Math.max(0, g));
}

/** The loss L (nats) at step `step` with multipliers μ. */
export function constrainedLoss(
  s: ObjectiveSettings,
  step: number,
  x: LossInputs,
  multipliers: Multipliers,
  legacyMultiplier = 0,
): number {
  const c = objectiveCoefficients(s, step);
  const cc = constraintCoefficients(s);
  const v = values(x);
  let loss = objectiveValue(s, c, x.rateNats, x.distortionNats, legacyMultiplier) + c.mmdWeight * x.mmd;
  for (let i = 0; i < 3; i++)
    loss += (cc.on[i] as number) * (multipliers[i] as number) * ((v[i] as number) - (cc.bound[i] as number));
  const h = rateHinge(cc, x);
  return loss + 0.5 * MULTIPLIER_DAMPING * h * h;
}

/** ∂L/∂D, ∂L/∂R, ∂L/∂MMD: what the training step weights the batch means by. */
export function lossWeights(
  s: ObjectiveSettings,
  step: number,
  x: LossInputs,
  multipliers: Multipliers,
  legacyMultiplier = 0,
): { distortion: number; rate: number; mmd: number } {
  const c = objectiveCoefficients(s, step);
  const cc = constraintCoefficients(s);
  const elboMultiplier = cc.on[2] * multipliers[2];
  return {
    distortion: 1 + elboMultiplier,
    rate:
      effectiveBeta(c, x.rateNats, legacyMultiplier) +
      cc.on[0] * multipliers[0] +
      MULTIPLIER_DAMPING * rateHinge(cc, x) +
      elboMultiplier,
    mmd: c.mmdWeight + cc.on[1] * multipliers[1],
  };
}

/** The slope −dD/dR the loss pushes along (∂L/∂R ÷ ∂L/∂D), shown as β_eff. */
export function constrainedBeta(
  s: ObjectiveSettings,
  step: number,
  x: LossInputs,
  multipliers: Multipliers,
  legacyMultiplier = 0,
): number {
  const w = lossWeights(s, step, x, multipliers, legacyMultiplier);
  return w.rate / w.distortion;
}

/** The clip range of each multiplier under these settings. */
export function multiplierRanges(s: ObjectiveSettings): [[number, number], [number, number], [number, number]] {
  const cc = constraintCoefficients(s);
  const r = (i: 0 | 1 | 2, clip: number): [number, number] => [cc.equality[i] ? -clip : 0, clip];
  return [r(0, CONSTRAINT_DUAL.rate.clip), r(1, CONSTRAINT_DUAL.mmd.clip), r(2, CONSTRAINT_DUAL.negElbo.clip)];
}

/** One dual-ascent step: μ_c ← clip(μ_c + η_c·g_c/s_c) for the constraints that are on; others stay. */
export function dualAscent(s: ObjectiveSettings, x: LossInputs, multipliers: Multipliers): Multipliers {
  const cc = constraintCoefficients(s);
  const v = values(x);
  const ranges = multiplierRanges(s);
  const steps = [CONSTRAINT_DUAL.rate.step, CONSTRAINT_DUAL.mmd.step, CONSTRAINT_DUAL.negElbo.step];
  return multipliers.map((m, i) => {
    if (!cc.on[i]) return m;
    const [lo, hi] = ranges[i] as [number, number];
    const next = m + ((steps[i] as number) * ((v[i] as number) - (cc.bound[i] as number))) / (cc.gapScale[i] as number);
    return Math.min(hi, Math.max(lo, next));
  }) as Multipliers;
}
