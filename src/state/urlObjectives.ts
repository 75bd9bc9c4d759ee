/**
 * The objective's properties in the URL (one small table, the same keys for the primary model and for the
 * others), and the objectives set on models other than the primary one: m.<id>=objective:beta,beta:0.3,
 * only the fields that differ from the preset's.
 */
import {
  OBJECTIVE_KINDS,
  OBJECTIVE_LIMITS as L,
  RATE_CONSTRAINTS,
  TOY_OBJECTIVE_KINDS,
  type ObjectiveSettings,
} from '../math/objective';
import { DIVERGENCES } from '../math/mmd';
import { presetDataset, type ExperimentSettings } from '../lib/experiment';
import { buildExperiment } from '../lib/presets';
import { int, num, oneOf, type Codec, type QueryCodec } from './urlCodecs';

/** Whether the toy problem can train `kind` (it has no batch of codes for an MMD or a constraint). */
const toyTrains = (kind: string): boolean => (TOY_OBJECTIVE_KINDS as readonly string[]).includes(kind);

/** One objective field: its query key, its field of ObjectiveSettings, its values, and whether a link can hide it. */
export interface ObjectiveProp {
  key: string;
  field: keyof ObjectiveSettings;
  codec: Codec<unknown>;
  hideable?: true;
  /** A notice when the value does not fit the settings (the default is used instead). */
  check?(v: unknown, s: ExperimentSettings, fallback: unknown): string | undefined;
}

/** The objective's fields in the URL, in the order a link lists them. Units: nats for σ and the −ELBO bound. */
export const OBJECTIVE_PROPS = [
  {
    key: 'objective',
    field: 'kind',
    codec: oneOf(OBJECTIVE_KINDS),
    hideable: true,
    check: (kind: string, s: ExperimentSettings, fallback: string) =>
      presetDataset(s.preset) === 'toy' && !toyTrains(kind)
        ? `The toy problem has no batch of codes for "${kind}" (MMD, constraints); using ${fallback}.`
        : undefined,
  },
  { key: 'beta', field: 'beta', codec: num(L.beta), hideable: true },
  { key: 'sigma', field: 'targetRateNats', codec: num(L.targetRateNats), hideable: true },
  { key: 'lambda', field: 'penalty', codec: num(L.penalty), hideable: true },
  { key: 'anneal', field: 'annealSteps', codec: int(L.annealSteps), hideable: true },
  { key: 'alpha', field: 'alpha', codec: num(L.alpha) },
  { key: 'mlambda', field: 'mmdLambda', codec: num(L.mmdLambda) },
  { key: 'kernel', field: 'kernel', codec: oneOf(DIVERGENCES) },
  { key: 'rc', field: 'rateConstraint', codec: oneOf(RATE_CONSTRAINTS) },
  { key: 'mmdmax', field: 'mmdMax', codec: num(L.mmdMax) },
  { key: 'elbomax', field: 'negElboMaxNats', codec: num(L.negElboMaxNats) },
] as const satisfies readonly ObjectiveProp[];

/** Prefix of the query keys that carry an objective set on a model other than the primary one. */
const EDIT_PREFIX = 'm.';
const MAX_OBJECTIVE_EDITS = 32;

/** The models of these settings' preset before any objective edits, and its primary model's id. */
function unedited(settings: ExperimentSettings) {
  return buildExperiment({ ...settings, objectives: {} });
}

/** An edit's fields read over the model's objective `base`; a bad value notes and keeps the base's. */
function readEdit(pairs: Map<string, string>, base: ObjectiveSettings, where: string, note: (m: string) => void) {
  const o: Record<string, unknown> = { ...base };
  for (const p of OBJECTIVE_PROPS as readonly ObjectiveProp[]) {
    const raw = pairs.get(p.key);
    if (raw !== undefined) o[p.field] = p.codec.read(raw, { key: p.key, where, fallback: base[p.field], note });
  }
  return o as unknown as ObjectiveSettings;
}

/** m.<id>=key:value,…: objectives set on the preset's trained models other than the primary one. */
export const OBJECTIVE_EDITS: QueryCodec<Record<string, ObjectiveSettings>> = {
  spec: { type: 'edits' },
  keys: [EDIT_PREFIX],
  readQuery(params, { settings }, note) {
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
        note(`The objective set on model "${id.slice(0, 16)}" in the link does not fit this preset; ignored.`);
        continue;
      }
      const pairs = new Map(
        raw.split(',').map((kv) => [kv.slice(0, kv.indexOf(':')), kv.slice(kv.indexOf(':') + 1)] as const),
      );
      let o = readEdit(pairs, model.objective, ` of model "${id}"`, note);
      if (toy && !toyTrains(o.kind)) {
        note(`The toy problem cannot train "${o.kind}"; model "${id}" keeps ${model.objective.kind}.`);
        o = { ...o, kind: model.objective.kind };
      }
      out[id] = o;
    }
    return out;
  },
  /** The fields of each edited objective that differ from the preset's. */
  writeQuery(params, objectives, { settings }) {
    const ids = Object.keys(objectives);
    if (ids.length === 0) return;
    const { config } = unedited(settings);
    for (const id of ids) {
      const o = objectives[id] as ObjectiveSettings;
      const base = config.models.find((m) => m.id === id)?.objective;
      const fields = OBJECTIVE_PROPS.filter((p) => !base || o[p.field] !== base[p.field]);
      if (fields.length > 0)
        params.set(`${EDIT_PREFIX}${id}`, fields.map((p) => `${p.key}:${String(o[p.field])}`).join(','));
    }
  },
};
