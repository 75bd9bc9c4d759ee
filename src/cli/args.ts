/**
 * Command-line flags of the headless runner, parsed and validated into a typed config.
 * Bad flags throw UsageError with a message for the user.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OBJECTIVE, OBJECTIVE_KINDS, OBJECTIVE_LIMITS, type ObjectiveSettings } from '../math/objective';
import { FAMILY_NAMES, type FamilyName } from '../model/toyFamilies';

export class UsageError extends Error {}

export interface RunnerConfig {
  preset: 'toy';
  family: FamilyName;
  objective: ObjectiveSettings;
  steps: number;
  seed: number;
  learningRate: number;
  every: number;
  backend: 'cpu' | 'wasm';
}

export const USAGE = `usage: npm run rd -- --preset toy [--family tabular|smooth]
  [--objective elbo|beta|target-penalty|target-lagrange|anneal] [--beta B] [--target-rate S]
  [--penalty L] [--anneal-steps N] [--steps N] [--seed S] [--lr R] [--every N] [--backend wasm|cpu]
Prints one JSON line per report (nats); the last line has "final": true.`;

export const DEFAULT_LEARNING_RATE = 0.01;

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
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join('|')}, got "${raw}"`);
  return raw as T;
}

/** Parse argv (without node and script) into a RunnerConfig. */
export function parseRunnerArgs(argv: string[]): RunnerConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        preset: { type: 'string' }, family: { type: 'string' }, objective: { type: 'string' },
        beta: { type: 'string' }, 'target-rate': { type: 'string' }, penalty: { type: 'string' },
        'anneal-steps': { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' },
        lr: { type: 'string' }, every: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const s = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  if (values.help) throw new UsageError('');
  const preset = oneOf('preset', s('preset'), ['toy'] as const, 'toy');
  const steps = num('steps', s('steps'), 5000, 0, 10_000_000, true);
  const L = OBJECTIVE_LIMITS;
  return {
    preset,
    family: oneOf('family', s('family'), FAMILY_NAMES, 'tabular'),
    objective: {
      kind: oneOf('objective', s('objective'), OBJECTIVE_KINDS, 'elbo'),
      beta: num('beta', s('beta'), DEFAULT_OBJECTIVE.beta, L.beta.min, L.beta.max),
      targetRateNats: num('target-rate', s('target-rate'), DEFAULT_OBJECTIVE.targetRateNats, L.targetRateNats.min, L.targetRateNats.max),
      penalty: num('penalty', s('penalty'), DEFAULT_OBJECTIVE.penalty, L.penalty.min, L.penalty.max),
      annealSteps: num('anneal-steps', s('anneal-steps'), DEFAULT_OBJECTIVE.annealSteps, L.annealSteps.min, L.annealSteps.max, true),
    },
    steps,
    seed: num('seed', s('seed'), 1, 0, 2 ** 32 - 1, true),
    learningRate: num('lr', s('lr'), DEFAULT_LEARNING_RATE, 1e-6, 10),
    every: num('every', s('every'), Math.max(1, Math.round(steps / 20)), 1, 10_000_000, true),
    backend: oneOf('backend', s('backend'), ['wasm', 'cpu'] as const, 'wasm'),
  };
}
