/**
 * Typed readers of query values, the objective's query keys, and the objectives set on models
 * other than the primary one (m.<id>=objective:beta,beta:0.3, only the fields that differ from the preset's).
 */
import {
  OBJECTIVE_KINDS,
  OBJECTIVE_LIMITS,
  RATE_CONSTRAINTS,
  TOY_OBJECTIVE_KINDS,
  type ObjectiveKind,
  type ObjectiveSettings,
} from '../math/objective';
import { DIVERGENCES } from '../math/mmd';
import { presetDataset, type ExperimentSettings } from '../lib/experiment';
import { buildExperiment } from '../lib/presets';

type Get = (key: string) => string | null;

/** Typed readers of query values: a bad value becomes a notice and the fallback. */
export function reader(get: Get, notices: string[], where = '') {
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = get(key);
    if (v === null) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    notices.push(`Unknown ${key}${where} "${v.slice(0, 20)}"; using "${fallback}".`);
    return fallback;
  };
  const number = (key: string, fallback: number, lo: number, hi: number, integer = false): number => {
    const v = get(key);
    if (v === null) return fallback;
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      notices.push(`"${key}"${where} must be ${integer ? 'an integer' : 'a number'}; using ${fallback}.`);
      return fallback;
    }
    if (x < lo || x > hi) {
      const clamped = Math.min(hi, Math.max(lo, x));
      notices.push(`"${key}"${where} = ${x} is outside [${lo}, ${hi}]; using ${clamped}.`);
      return clamped;
    }
    return x;
  };
  return { choice, number };
}

/** Query keys of an objective's fields (the same for the primary model and for edits of the others). */
export const OBJECTIVE_KEYS = {
  kind: 'objective',
  beta: 'beta',
  targetRateNats: 'sigma',
  penalty: 'lambda',
  annealSteps: 'anneal',
  alpha: 'alpha',
  mmdLambda: 'mlambda',
  kernel: 'kernel',
  rateConstraint: 'rc',
  mmdMax: 'mmdmax',
  negElboMaxNats: 'elbomax',
} as const satisfies Record<keyof ObjectiveSettings, string>;

export function readObjective({ choice, number }: ReturnType<typeof reader>, b: ObjectiveSettings): ObjectiveSettings {
  const L = OBJECTIVE_LIMITS;
  return {
    kind: choice<ObjectiveKind>('objective', OBJECTIVE_KINDS, b.kind),
    beta: number('beta', b.beta, L.beta.min, L.beta.max),
    targetRateNats: number('sigma', b.targetRateNats, L.targetRateNats.min, L.targetRateNats.max),
    penalty: number('lambda', b.penalty, L.penalty.min, L.penalty.max),
    annealSteps: number('anneal', b.annealSteps, L.annealSteps.min, L.annealSteps.max, true),
    alpha: number('alpha', b.alpha, L.alpha.min, L.alpha.max),
    mmdLambda: number('mlambda', b.mmdLambda, L.mmdLambda.min, L.mmdLambda.max),
    kernel: choice('kernel', DIVERGENCES, b.kernel),
    rateConstraint: choice('rc', RATE_CONSTRAINTS, b.rateConstraint),
    mmdMax: number('mmdmax', b.mmdMax, L.mmdMax.min, L.mmdMax.max),
    negElboMaxNats: number('elbomax', b.negElboMaxNats, L.negElboMaxNats.min, L.negElboMaxNats.max),
  };
}

/**
 * Prefix of the query keys that carry an objective set on a model other than the primary one:
 * m.<id>=objective:beta,beta:0.3
 */
const EDIT_PREFIX = 'm.';
const MAX_OBJECTIVE_EDITS = 32;

/** The models of these settings' preset before any objective edits, and its primary model's id. */
function unedited(settings: ExperimentSettings) {
  return buildExperiment({ ...settings, objectives: {} });
}

export function parseObjectiveEdits(
  params: URLSearchParams,
  settings: ExperimentSettings,
  notices: string[],
): Record<string, ObjectiveSettings> {
  const out: Record<string, ObjectiveSettings> = {};
  const keys = [...params.keys()].filter((k) => k.startsWith(EDIT_PREFIX));
  if (keys.length === 0) return out;
  const { config, primaryId } = unedited(settings);
  const toy = presetDataset(settings.preset) === 'toy';
  for (const key of keys.slice(0, MAX_OBJECTIVE_EDITS)) {
    const id = key.slice(EDIT_PREFIX.length);
    const model = config.models.find((m) => m.id === id && m.kind === 'trained' && m.id !== primaryId);
    const raw = params.get(key) ?? '';
    if (!model || raw.length > 512) {
      notices.push(`The objective set on model "${id.slice(0, 16)}" in the link does not fit this preset; ignored.`);
      continue;
    }
    const pairs = new Map(
      raw.split(',').map((kv) => [kv.slice(0, kv.indexOf(':')), kv.slice(kv.indexOf(':') + 1)] as const),
    );
    let o = readObjective(
      reader((k) => pairs.get(k) ?? null, notices, ` of model "${id}"`),
      model.objective,
    );
    if (toy && !(TOY_OBJECTIVE_KINDS as readonly string[]).includes(o.kind)) {
      notices.push(`The toy problem cannot train "${o.kind}"; model "${id}" keeps ${model.objective.kind}.`);
      o = { ...o, kind: model.objective.kind };
    }
    out[id] = o;
  }
  return out;
}

/** m.<id> entries: the fields of each edited objective that differ from the preset's. */
export function serializeObjectiveEdits(p: URLSearchParams, settings: ExperimentSettings): void {
  const ids = Object.keys(settings.objectives);
  if (ids.length === 0) return;
  const { config } = unedited(settings);
  for (const id of ids) {
    const o = settings.objectives[id] as ObjectiveSettings;
    const base = config.models.find((m) => m.id === id)?.objective;
    const fields = (Object.keys(OBJECTIVE_KEYS) as (keyof ObjectiveSettings)[]).filter(
      (k) => !base || o[k] !== base[k],
    );
    if (fields.length > 0)
      p.set(`${EDIT_PREFIX}${id}`, fields.map((k) => `${OBJECTIVE_KEYS[k]}:${String(o[k])}`).join(','));
  }
}
