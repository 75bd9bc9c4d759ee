/**
 * Training objectives on the RD plane, as plain data (shared by model, worker, UI and CLI).
 * Every objective's gradient is that of D + β_eff·R with a per-step effective β:
 *   elbo            D + R                          β_eff = 1
 *   beta            D + β·R                        β_eff = β
 *   anneal          D + β·min(1, t/N)·R            β_eff = β·min(1, t/N)
 *   target-penalty  D + λ·|σ − R|                  β_eff = λ·sign(R − σ)
 *   target-lagrange D + μ·(R − σ) + ρ/2·(R − σ)²   β_eff = μ + ρ·(R − σ), μ ← μ + η·(R − σ)
 * The information-autoencoding family (image and 1-D models, which have a batch of codes to take
 * an MMD of) adds a weight b on Div = MMD²(q(z), p(z)), the aggregate posterior against the prior:
 *   infovae         D + (1 − α)·R + (α + λ − 1)·MMD       (InfoVAE / MMD-VAE; α = 1 is MMD-VAE)
 *   vimae           D + λ·MMD                             (VIMAE: no rate term at all)
 *   ae              D                                     (L_AE: a plain probabilistic autoencoder)
 *   lagrangian      D + constraint terms only
 * and, for every kind on those models, optional constraints held by dual ascent (see constraints.ts):
 *   R = σ or R ≤ σ,  MMD ≤ ε,  −ELBO ≤ e.
 */
import { assertNever } from './assert';
import { DIVERGENCES, type Divergence } from './mmd';

export const OBJECTIVE_KINDS = [
  'elbo',
  'beta',
  'anneal',
  'target-penalty',
  'target-lagrange',
  'infovae',
  'vimae',
  'ae',
  'lagrangian',
] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];
/** Kinds the toy population can train (its exact objective has no batch of codes for an MMD). */
export const TOY_OBJECTIVE_KINDS = [
  'elbo',
  'beta',
  'anneal',
  'target-penalty',
  'target-lagrange',
] as const satisfies readonly ObjectiveKind[];
/** Kinds that use the MMD weight b. */
export const MMD_KINDS: readonly ObjectiveKind[] = ['infovae', 'vimae'];

export const RATE_CONSTRAINTS = ['off', 'eq', 'le'] as const;
export type RateConstraint = (typeof RATE_CONSTRAINTS)[number];

/** Settings of one model's objective. Units: nats for rates; β, λ dimensionless. */
export interface ObjectiveSettings {
  kind: ObjectiveKind;
  /** β of the β-VAE and the final β of annealing. */
  beta: number;
  /** Target rate σ, nats. */
  targetRateNats: number;
  /** Penalty weight λ of D + λ|σ − R|. */
  penalty: number;
  /** Steps over which annealing ramps β from 0. */
  annealSteps: number;
  /** InfoVAE's α (information preference): the rate weight is 1 − α. */
  alpha: number;
  /** λ of InfoVAE (MMD weight α + λ − 1) and of VIMAE (MMD weight λ). */
  mmdLambda: number;
  /** The divergence: MMD² with an imq or gaussian kernel, or the Stein surrogate. */
  kernel: Divergence;
  /** Constraint on R with bound σ (targetRateNats): none, R = σ, or R ≤ σ. */
  rateConstraint: RateConstraint;
  /** Constraint MMD² ≤ ε; 0 = no constraint. */
  mmdMax: number;
  /** Constraint −ELBO ≤ e, nats; 0 = no constraint. */
  negElboMaxNats: number;
}

/** Valid ranges; controls and URL parsing clamp to these. */
export const OBJECTIVE_LIMITS = {
  beta: { min: 0, max: 20 },
  targetRateNats: { min: 0, max: 200 },
  penalty: { min: 0, max: 20 },
  annealSteps: { min: 1, max: 1_000_000 },
  alpha: { min: 0, max: 1 },
  mmdLambda: { min: 0, max: 10_000 },
  mmdMax: { min: 0, max: 10 },
  negElboMaxNats: { min: 0, max: 10_000 },
} as const;

/** Dual ascent step η of the Lagrange multiplier, per training step. */
export const MULTIPLIER_STEP = 0.02;
/** Augmented-Lagrangian damping ρ: stabilises dual ascent without moving its fixed point. */
export const MULTIPLIER_DAMPING = 2;
/** The multiplier is clipped to [−MULTIPLIER_CLIP, MULTIPLIER_CLIP]. */
export const MULTIPLIER_CLIP = 50;

export const DEFAULT_OBJECTIVE: ObjectiveSettings = {
  kind: 'elbo',
  beta: 1,
  targetRateNats: 0.5,
  penalty: 1,
  annealSteps: 5000,
  alpha: 1,
  mmdLambda: 100,
  kernel: 'imq',
  rateConstraint: 'off',
  mmdMax: 0,
  negElboMaxNats: 0,
};

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Return settings with every number finite and inside OBJECTIVE_LIMITS (defaults for NaN). */
export function sanitizeObjective(s: ObjectiveSettings): ObjectiveSettings {
  const fix = (v: number, key: keyof typeof OBJECTIVE_LIMITS): number =>
    Number.isFinite(v) ? clamp(v, OBJECTIVE_LIMITS[key].min, OBJECTIVE_LIMITS[key].max) : DEFAULT_OBJECTIVE[key];
  return {
    kind: (OBJECTIVE_KINDS as readonly string[]).includes(s.kind) ? s.kind : DEFAULT_OBJECTIVE.kind,
    beta: fix(s.beta, 'beta'),
    targetRateNats: fix(s.targetRateNats, 'targetRateNats'),
    penalty: fix(s.penalty, 'penalty'),
    annealSteps: Math.round(fix(s.annealSteps, 'annealSteps')),
    alpha: fix(s.alpha, 'alpha'),
    mmdLambda: fix(s.mmdLambda, 'mmdLambda'),
    kernel: (DIVERGENCES as readonly string[]).includes(s.kernel) ? s.kernel : DEFAULT_OBJECTIVE.kernel,
    rateConstraint: (RATE_CONSTRAINTS as readonly string[]).includes(s.rateConstraint)
      ? s.rateConstraint
      : DEFAULT_OBJECTIVE.rateConstraint,
    mmdMax: fix(s.mmdMax, 'mmdMax'),
    negElboMaxNats: fix(s.negElboMaxNats, 'negElboMaxNats'),
  };
}

/**
 * Sanitised settings the toy population can train: other kinds become ELBO, constraints off (it has no batch of codes).
 */
export function sanitizeToyObjective(s: ObjectiveSettings): ObjectiveSettings {
  const o = sanitizeObjective(s);
  const kind = (TOY_OBJECTIVE_KINDS as readonly string[]).includes(o.kind) ? o.kind : 'elbo';
  return { ...o, kind, rateConstraint: 'off', mmdMax: 0, negElboMaxNats: 0 };
}

/**
 * Per-model coefficients the training step uses, β_eff = betaFixed + penalty·sign(R − σ)
 * + useMultiplier·(μ + ρ(R − σ)). `betaFixed` already includes the annealing ramp at `step`.
 */
export interface ObjectiveCoefficients {
  betaFixed: number;
  penalty: number;
  targetRateNats: number;
  useMultiplier: 0 | 1;
  /** b: weight of MMD²(q(z), p(z)) (0 for the kinds without one). */
  mmdWeight: number;
}

/** Coefficients of an objective at training step `step` (0-based). */
export function objectiveCoefficients(s: ObjectiveSettings, step: number): ObjectiveCoefficients {
  switch (s.kind) {
    case 'elbo':
      return { betaFixed: 1, penalty: 0, targetRateNats: s.targetRateNats, useMultiplier: 0, mmdWeight: 0 };
    case 'beta':
      return { betaFixed: s.beta, penalty: 0, targetRateNats: s.targetRateNats, useMultiplier: 0, mmdWeight: 0 };
    case 'anneal':
      return {
        betaFixed: s.beta * Math.min(1, step / Math.max(1, s.annealSteps)),
        penalty: 0,
        targetRateNats: s.targetRateNats,
        useMultiplier: 0,
        mmdWeight: 0,
      };
    case 'target-penalty':
      return { betaFixed: 0, penalty: s.penalty, targetRateNats: s.targetRateNats, useMultiplier: 0, mmdWeight: 0 };
    case 'target-lagrange':
      return { betaFixed: 0, penalty: 0, targetRateNats: s.targetRateNats, useMultiplier: 1, mmdWeight: 0 };
    case 'infovae':
      return {
        betaFixed: 1 - s.alpha,
        penalty: 0,
        targetRateNats: s.targetRateNats,
        useMultiplier: 0,
        mmdWeight: Math.max(0, s.alpha + s.mmdLambda - 1),
      };
    case 'vimae':
      return { betaFixed: 0, penalty: 0, targetRateNats: s.targetRateNats, useMultiplier: 0, mmdWeight: s.mmdLambda };
    case 'ae':
    case 'lagrangian':
      return { betaFixed: 0, penalty: 0, targetRateNats: s.targetRateNats, useMultiplier: 0, mmdWeight: 0 };
    default:
      return assertNever(s.kind);
  }
}

/** Effective β in plain numbers (the reference the tensor version is tested against). */
export function effectiveBeta(c: ObjectiveCoefficients, rateNats: number, multiplier: number): number {
  const gap = rateNats - c.targetRateNats;
  return c.betaFixed + c.penalty * Math.sign(gap) + c.useMultiplier * (multiplier + MULTIPLIER_DAMPING * gap);
}

/** The loss value of an objective (what the model minimises), nats. */
export function objectiveValue(
  s: ObjectiveSettings,
  c: ObjectiveCoefficients,
  rateNats: number,
  distortionNats: number,
  multiplier: number,
): number {
  const gap = rateNats - s.targetRateNats;
  switch (s.kind) {
    case 'elbo':
    case 'beta':
    case 'anneal':
    case 'infovae':
    case 'vimae':
    case 'ae':
    case 'lagrangian':
      // The MMD and constraint terms are added by constrainedLoss (math/constraints.ts).
      return distortionNats + c.betaFixed * rateNats;
    case 'target-penalty':
      return distortionNats + s.penalty * Math.abs(gap);
    case 'target-lagrange':
      return distortionNats + multiplier * gap + 0.5 * MULTIPLIER_DAMPING * gap * gap;
    default:
      return assertNever(s.kind);
  }
}

/** The objective written out, for display beside the controls. Rates in the given unit. */
export function objectiveFormula(
  s: ObjectiveSettings,
  fmt: (nats: number) => string = (v) => `${v.toFixed(2)} nats`,
): string {
  const base = kindFormula(s, fmt);
  return (MMD_KINDS as readonly string[]).includes(s.kind) || s.kind === 'ae' || s.kind === 'lagrangian'
    ? base
    : base + constraintText(s, fmt);
}

function kindFormula(s: ObjectiveSettings, fmt: (nats: number) => string = (v) => `${v.toFixed(2)} nats`): string {
  switch (s.kind) {
    case 'elbo':
      return 'minimise −ELBO = D + R';
    case 'beta':
      return `minimise D + β·R,  β = ${s.beta.toFixed(3)}`;
    case 'anneal':
      return `minimise D + β(t)·R,  β(t) = ${s.beta.toFixed(3)}·min(1, t / ${s.annealSteps})`;
    case 'target-penalty':
      return `minimise D + λ·|σ − R|,  λ = ${s.penalty.toFixed(2)}, σ = ${fmt(s.targetRateNats)}`;
    case 'target-lagrange':
      return (
        `min over model, max over μ:  D + μ·(R − σ) + ${MULTIPLIER_DAMPING / 2}·(R − σ)²,  ` +
        `σ = ${fmt(s.targetRateNats)}`
      );
    case 'infovae':
      return (
        `minimise D + (1 − α)·R + (α + λ − 1)·MMD,  ` +
        `α = ${s.alpha.toFixed(2)}, λ = ${s.mmdLambda}${constraintText(s, fmt)}`
      );
    case 'vimae':
      return `minimise D + λ·MMD(q(z), p(z)),  λ = ${s.mmdLambda}${constraintText(s, fmt)}`;
    case 'ae':
      return `minimise D (L_AE: no regulariser)${constraintText(s, fmt)}`;
    case 'lagrangian':
      return `minimise D${constraintText(s, fmt) || ' (add a constraint)'}`;
    default:
      return assertNever(s.kind);
  }
}

/** The constraints in force, as text ("  s.t. R = 5 nats, MMD ≤ 0.01"), or ''. */
export function constraintText(
  s: ObjectiveSettings,
  fmt: (nats: number) => string = (v) => `${v.toFixed(2)} nats`,
): string {
  const parts: string[] = [];
  if (s.rateConstraint !== 'off') parts.push(`R ${s.rateConstraint === 'eq' ? '=' : '≤'} ${fmt(s.targetRateNats)}`);
  if (s.mmdMax > 0) parts.push(`MMD ≤ ${s.mmdMax}`);
  if (s.negElboMaxNats > 0) parts.push(`−ELBO ≤ ${fmt(s.negElboMaxNats)}`);
  return parts.length > 0 ? `  s.t. ${parts.join(', ')}` : '';
}
