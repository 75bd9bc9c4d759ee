/**
 * Command-line flags of the headless runner, parsed and validated into a typed config.
 * Bad flags throw UsageError with a message for the user.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_OBJECTIVE,
  OBJECTIVE_KINDS,
  OBJECTIVE_LIMITS,
  TOY_OBJECTIVE_KINDS,
  type ObjectiveSettings,
  type RateConstraint,
} from '../math/objective';
import { DIVERGENCES } from '../math/mmd';
import { FAMILY_NAMES, type FamilyName } from '../model/toyFamilies';
import {
  DECODERS,
  DEFAULT_ARCHITECTURE,
  DEPTH_LIMITS,
  ENCODERS,
  HIDDEN_LIMITS,
  LATENT_DIM_LIMITS,
  MARGINALS,
  type VaeArchitecture,
} from '../lib/vaeSpec';

export class UsageError extends Error {}

/** Settings only the image (MNIST) preset uses. */
export interface ImageRunnerConfig {
  arch: VaeArchitecture;
  batchSize: number;
  /** Held-out metrics (held-out −ELBO, IWAE, active units, MI) every this many steps (0: only at the end). */
  evalEvery: number;
  /** IWAE's k: of the held-out metrics, and of the final test evaluation. */
  iwaeSamples: number;
  /** 'static-mnist' (static binarized, 70k; default) or 'mnist' (10k, thresholded). */
  images: 'static-mnist' | 'mnist';
  /** 'test': after training, a full test evaluation (every test digit, IWAE-k) on the final line. */
  finalEval: 'test' | 'none';
}

export interface RunnerConfig {
  preset: 'toy' | 'mnist' | 'gauss';
  image: ImageRunnerConfig;
  family: FamilyName;
  objective: ObjectiveSettings;
  steps: number;
  seed: number;
  learningRate: number;
  every: number;
  backend: 'cpu' | 'wasm';
}

export const USAGE = `usage: npm run rd -- --preset toy|mnist|gauss [--family tabular|smooth|smooth-encoder]
  [--objective elbo|beta|target-penalty|target-lagrange|anneal|infovae|vimae|ae|lagrangian]
  [--beta B] [--target-rate S] [--penalty L] [--anneal-steps N] [--steps N] [--seed S] [--lr R]
  [--every N] [--backend wasm|cpu]
  gauss: the two-Gaussian mixture (Lagrangian family §4.1; 1-D z),
    with --batch, --eval-every, --objective, --constraint
  mnist only: [--encoder -|+] [--decoder -|+] [--marginal -|+|v|l] [--prior normal|logistic]
  [--latent-dim 2..64] [--hidden N] [--depth 1..3] [--batch N] [--eval-every N] [--iwae-k K]
  [--images static-mnist|mnist] (static binarized 50k/10k/10k, default; or the 10k thresholded set)
  [--final-eval test|none] test: after training, every test digit's R, D and IWAE-k (--iwae-k up to 1000)
  [--alpha A] [--lambda L] [--kernel imq|gaussian|stein]
  [--constraint rate=S|rate<=S|mmd<=E|negelbo<=E]... (repeatable; the Lagrangian constraints)
  [--out FILE] writes the lines to FILE too, after a header line (settings, arguments, code version)
  sweeps: --beta 0.1,0.3,1,3 or --beta lo:hi:n (log-spaced), --target-rate a,b or lo:hi:n (linear):
  one run per value; with --out, one file per run (FILE's {beta} replaced, or -beta0.3 added)
Prints one JSON line per report (nats); the last line has "final": true.`;

export const DEFAULT_LEARNING_RATE = 0.01;
export const DEFAULT_IMAGE_LEARNING_RATE = 1e-3;

function num(name: string, raw: string | undefined, fallback: number, lo: number, hi: number, integer = false): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  if (v < lo || v > hi) throw new UsageError(`--${name} must be in [${lo}, ${hi}], got ${v}`);
  if (integer && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got ${v}`);
  return v;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${name} must be one of ${allowed.join('|')}, got "${raw}"`);
  return raw as T;
}

/** Parse argv (without node and script) into a RunnerConfig. */
export function parseRunnerArgs(argv: string[]): RunnerConfig {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        preset: { type: 'string' },
        family: { type: 'string' },
        objective: { type: 'string' },
        beta: { type: 'string' },
        'target-rate': { type: 'string' },
        penalty: { type: 'string' },
        'anneal-steps': { type: 'string' },
        steps: { type: 'string' },
        seed: { type: 'string' },
        lr: { type: 'string' },
        every: { type: 'string' },
        backend: { type: 'string' },
        help: { type: 'boolean' },
        encoder: { type: 'string' },
        decoder: { type: 'string' },
        marginal: { type: 'string' },
        'latent-dim': { type: 'string' },
        hidden: { type: 'string' },
        batch: { type: 'string' },
        'eval-every': { type: 'string' },
        'iwae-k': { type: 'string' },
        depth: { type: 'string' },
        alpha: { type: 'string' },
        lambda: { type: 'string' },
        kernel: { type: 'string' },
        prior: { type: 'string' },
        constraint: { type: 'string', multiple: true },
        images: { type: 'string' },
        'final-eval': { type: 'string' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const s = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  if (values.help) throw new UsageError('');
  const preset = oneOf('preset', s('preset'), ['toy', 'mnist', 'gauss'] as const, 'toy');
  const image: ImageRunnerConfig = {
    arch: {
      encoder: oneOf('encoder', s('encoder'), ENCODERS, DEFAULT_ARCHITECTURE.encoder),
      decoder: oneOf('decoder', s('decoder'), DECODERS, DEFAULT_ARCHITECTURE.decoder),
      marginal: priorMarginal(s('prior')) ?? oneOf('marginal', s('marginal'), MARGINALS, DEFAULT_ARCHITECTURE.marginal),
      latentDim: num(
        'latent-dim',
        s('latent-dim'),
        DEFAULT_ARCHITECTURE.latentDim,
        LATENT_DIM_LIMITS.min,
        LATENT_DIM_LIMITS.max,
        true,
      ),
      hidden: num('hidden', s('hidden'), DEFAULT_ARCHITECTURE.hidden, HIDDEN_LIMITS.min, HIDDEN_LIMITS.max, true),
      depth: num('depth', s('depth'), DEFAULT_ARCHITECTURE.depth, DEPTH_LIMITS.min, DEPTH_LIMITS.max, true),
    },
    batchSize: num('batch', s('batch'), 64, 1, 1024, true),
    evalEvery: num('eval-every', s('eval-every'), 0, 0, 10_000_000, true),
    iwaeSamples: num('iwae-k', s('iwae-k'), 10, 1, 1000, true),
    images: oneOf('images', s('images'), ['static-mnist', 'mnist'] as const, 'static-mnist'),
    finalEval: oneOf('final-eval', s('final-eval'), ['test', 'none'] as const, 'none'),
  };
  const steps = num('steps', s('steps'), 5000, 0, 10_000_000, true);
  const L = OBJECTIVE_LIMITS;
  const kind = oneOf('objective', s('objective'), OBJECTIVE_KINDS, 'elbo');
  if (preset === 'toy' && !(TOY_OBJECTIVE_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--objective ${kind} needs a batch of codes (MMD, constraints): use --preset mnist`);
  const constraints = parseConstraints(Array.isArray(values.constraint) ? values.constraint : []);
  if (
    preset === 'toy' &&
    (constraints.rateConstraint !== 'off' || constraints.mmdMax > 0 || constraints.negElboMaxNats > 0)
  )
    throw new UsageError('--constraint needs --preset mnist');
  return {
    preset,
    image,
    family: oneOf('family', s('family'), FAMILY_NAMES, 'tabular'),
    objective: {
      kind,
      beta: num('beta', s('beta'), DEFAULT_OBJECTIVE.beta, L.beta.min, L.beta.max),
      targetRateNats:
        constraints.rateBound ??
        num(
          'target-rate',
          s('target-rate'),
          DEFAULT_OBJECTIVE.targetRateNats,
          L.targetRateNats.min,
          L.targetRateNats.max,
        ),
      penalty: num('penalty', s('penalty'), DEFAULT_OBJECTIVE.penalty, L.penalty.min, L.penalty.max),
      annealSteps: num(
        'anneal-steps',
        s('anneal-steps'),
        DEFAULT_OBJECTIVE.annealSteps,
        L.annealSteps.min,
        L.annealSteps.max,
        true,
      ),
      alpha: num('alpha', s('alpha'), DEFAULT_OBJECTIVE.alpha, L.alpha.min, L.alpha.max),
      mmdLambda: num('lambda', s('lambda'), DEFAULT_OBJECTIVE.mmdLambda, L.mmdLambda.min, L.mmdLambda.max),
      kernel: oneOf('kernel', s('kernel'), DIVERGENCES, DEFAULT_OBJECTIVE.kernel),
      rateConstraint: constraints.rateConstraint,
      mmdMax: constraints.mmdMax,
      negElboMaxNats: constraints.negElboMaxNats,
    },
    steps,
    seed: num('seed', s('seed'), 1, 0, 2 ** 32 - 1, true),
    learningRate: num(
      'lr',
      s('lr'),
      preset === 'mnist' ? DEFAULT_IMAGE_LEARNING_RATE : DEFAULT_LEARNING_RATE,
      1e-6,
      10,
    ),
    every: num('every', s('every'), Math.max(1, Math.round(steps / 20)), 1, 10_000_000, true),
    backend: oneOf('backend', s('backend'), ['wasm', 'cpu'] as const, 'wasm'),
  };
}

/** --prior normal|logistic names the fixed marginal (− or l); null when absent. */
function priorMarginal(raw: string | undefined): VaeArchitecture['marginal'] | null {
  if (raw === undefined) return null;
  return oneOf('prior', raw, ['normal', 'logistic'] as const, 'normal') === 'logistic' ? 'l' : '-';
}

/** "rate=5", "rate<=5", "mmd<=0.01", "negelbo<=100" → the objective's constraint fields. */
export function parseConstraints(items: readonly string[]): {
  rateConstraint: RateConstraint;
  rateBound: number | null;
  mmdMax: number;
  negElboMaxNats: number;
} {
  const out = {
    rateConstraint: 'off' as RateConstraint,
    rateBound: null as number | null,
    mmdMax: 0,
    negElboMaxNats: 0,
  };
  const L = OBJECTIVE_LIMITS;
  for (const item of items) {
    const m = /^(rate|mmd|negelbo)\s*(<=|=)\s*([0-9.eE+-]+)$/.exec(item.trim());
    if (!m)
      throw new UsageError(`--constraint must look like rate=5, rate<=5, mmd<=0.01 or negelbo<=100, got "${item}"`);
    const [, what, rel, raw] = m as unknown as [string, string, string, string];
    if (what === 'rate') {
      out.rateConstraint = rel === '=' ? 'eq' : 'le';
      out.rateBound = num('constraint rate', raw, 0, L.targetRateNats.min, L.targetRateNats.max);
    } else if (rel !== '<=') {
      throw new UsageError(`--constraint ${what} takes <= (an upper bound), got "${item}"`);
    } else if (what === 'mmd') {
      out.mmdMax = num('constraint mmd', raw, 0, 1e-9, L.mmdMax.max);
    } else {
      out.negElboMaxNats = num('constraint negelbo', raw, 0, 1e-9, L.negElboMaxNats.max);
    }
  }
  return out;
}
