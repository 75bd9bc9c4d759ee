/**
 * The experiment in the URL's query string, so a link reproduces it. Parsing never throws:
 * invalid or hostile values fall back to defaults and produce notices for the UI.
 *   ?preset=figure2&family=smooth&objective=target-lagrange&beta=1&sigma=0.5&lambda=1
 *    &anneal=5000&seed=1&lr=0.01&backend=auto&units=nats&sel=target
 *   image presets add &vae=-%2Bv (encoder, decoder, marginal) &zdim=16&hidden=256&depth=1&batch=64&images=mnist|custom
 *   and the information-autoencoding objectives &alpha=1&mlambda=1000&kernel=imq&rc=off|eq|le&mmdmax=0&elbomax=0
 *   objectives set on other models than the primary one: &m.elbo=objective:beta,beta:0.3 (only the fields that differ from the preset's)
 */
import { OBJECTIVE_KINDS, OBJECTIVE_LIMITS, RATE_CONSTRAINTS, TOY_OBJECTIVE_KINDS, type ObjectiveKind, type ObjectiveSettings } from '../math/objective';
import { buildExperiment } from '../lib/presets';
import { DIVERGENCES } from '../math/mmd';
import { BATCH_LIMITS, DEFAULT_SETTINGS, defaultLearningRate, FAMILIES, IMAGE_SOURCES, IWAE_LIMITS, MAX_EXTRA_RUNS, PRESETS, presetDataset, type ExperimentSettings, type ExtraRun, type RunEdits } from '../lib/experiment';
import { DEPTH_LIMITS, HIDDEN_LIMITS, LATENT_DIM_LIMITS, parseFamily } from '../lib/vaeSpec';
import { BACKENDS, type BackendRequest } from '../lib/backends';

export type Units = 'nats' | 'bits';

/** Controls a classroom link can hide (TensorFlow Playground style: ?_hide=objective,seed). */
export const HIDEABLE = ['preset', 'family', 'vae', 'seed', 'units', 'backend', 'objective', 'beta', 'sigma', 'lambda', 'anneal', 'lr', 'export'] as const;
export type Hideable = (typeof HIDEABLE)[number];

/** Everything the URL carries. */
export interface UrlState {
  settings: ExperimentSettings;
  backend: BackendRequest;
  units: Units;
  /** Selected model id, or null for the preset's primary model. */
  selected: string | null;
  /** Controls hidden by a classroom link. */
  hidden: Hideable[];
  /** Slow motion: at most this many training steps per second; null: full speed. */
  speed: number | null;
  /** Open paused (press Play to start). */
  startPaused: boolean;
  /** Lesson mode: the chapter shown (1-based), or null outside the lesson. */
  lesson: number | null;
}

/** Speeds the control offers (steps per second); null is full speed. */
export const SPEEDS = [2, 5, 20, 100, 500] as const;
/** Chapters of the lesson (lesson/chapters.ts has as many). */
export const LESSON_CHAPTERS = 9;

export const DEFAULT_URL_STATE: UrlState = { settings: DEFAULT_SETTINGS, backend: 'auto', units: 'nats', selected: null, hidden: [], speed: null, startPaused: false, lesson: null };

export const LR_LIMITS = { min: 1e-5, max: 1 } as const;
export const SEED_MAX = 2 ** 31 - 1;
const MAX_PARAM_LENGTH = 64;

/** Parse a query string; every problem becomes a notice and a default value. */
export function parseUrl(search: string): { state: UrlState; notices: string[] } {
  const notices: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.length > 4096 ? '' : search);
    if (search.length > 4096) notices.push('The link was too long and was ignored.');
  } catch {
    return { state: DEFAULT_URL_STATE, notices: ['The link could not be read; defaults are used.'] };
  }
  const get = (key: string): string | null => {
    const v = params.get(key);
    if (v === null) return null;
    if (v.length > MAX_PARAM_LENGTH) {
      notices.push(`"${key}" was too long and was ignored.`);
      return null;
    }
    return v;
  };
  const { choice, number } = reader(get, notices);
  const d = DEFAULT_SETTINGS;
  const preset = choice('preset', PRESETS, d.preset);
  const vaeRaw = get('vae');
  // '+' typed by hand in a query string reads as a space.
  const fam = vaeRaw === null ? d.arch : parseFamily(vaeRaw.replace(/ /g, '+'));
  if (fam === null) notices.push(`Unknown vae family "${(vaeRaw ?? '').slice(0, 20)}"; using the simple one.`);
  const settings: ExperimentSettings = {
    preset,
    family: choice('family', FAMILIES, d.family),
    objective: readObjective(reader(get, notices), d.objective),
    seed: number('seed', d.seed, 0, SEED_MAX, true),
    learningRate: number('lr', defaultLearningRate(presetDataset(preset)), LR_LIMITS.min, LR_LIMITS.max),
    arch: {
      encoder: (fam ?? d.arch).encoder,
      decoder: (fam ?? d.arch).decoder,
      marginal: (fam ?? d.arch).marginal,
      latentDim: number('zdim', d.arch.latentDim, LATENT_DIM_LIMITS.min, LATENT_DIM_LIMITS.max, true),
      hidden: number('hidden', d.arch.hidden, HIDDEN_LIMITS.min, HIDDEN_LIMITS.max, true),
      depth: number('depth', d.arch.depth, DEPTH_LIMITS.min, DEPTH_LIMITS.max, true),
    },
    batchSize: number('batch', d.batchSize, BATCH_LIMITS.min, BATCH_LIMITS.max, true),
    images: choice('images', IMAGE_SOURCES, d.images),
    runs: parseRunEdits(params.get('extra'), params.get('removed'), notices),
    iwaeSamples: number('iwaek', d.iwaeSamples, IWAE_LIMITS.min, IWAE_LIMITS.max, true),
    objectives: {},
  };
  if (presetDataset(preset) === 'toy' && !(TOY_OBJECTIVE_KINDS as readonly string[]).includes(settings.objective.kind)) {
    notices.push(`The toy problem has no batch of codes for "${settings.objective.kind}" (MMD, constraints); using ${d.objective.kind}.`);
    settings.objective = { ...settings.objective, kind: d.objective.kind };
  }
  settings.objectives = parseObjectiveEdits(params, settings, notices);
  const backend = choice<BackendRequest>('backend', ['auto', ...BACKENDS], 'auto');
  const units = choice<Units>('units', ['nats', 'bits'], 'nats');
  const sel = get('sel');
  const selected = sel !== null && /^[a-z0-9-]{1,16}$/i.test(sel) ? sel : null;
  if (sel !== null && selected === null) notices.push('Unknown selected model; using the default.');
  const hideRaw = params.get('_hide');
  const hidden: Hideable[] = [];
  if (hideRaw !== null) {
    for (const h of hideRaw.slice(0, 256).split(',').filter(Boolean)) {
      if ((HIDEABLE as readonly string[]).includes(h)) {
        if (!hidden.includes(h as Hideable)) hidden.push(h as Hideable);
      } else notices.push(`Unknown control "${h.slice(0, 20)}" in _hide; ignored.`);
    }
  }
  const speedRaw = get('speed');
  let speed: number | null = null;
  if (speedRaw !== null && speedRaw !== 'full') {
    const v = Number(speedRaw);
    if ((SPEEDS as readonly number[]).includes(v)) speed = v;
    else notices.push(`Unknown speed "${speedRaw.slice(0, 20)}"; training runs at full speed (choices: ${SPEEDS.join(', ')} steps/s or full).`);
  }
  const startRaw = get('start');
  if (startRaw !== null && startRaw !== 'paused' && startRaw !== 'playing') notices.push(`Unknown start "${startRaw.slice(0, 20)}"; training starts at once.`);
  const lessonRaw = get('lesson');
  let lesson: number | null = null;
  if (lessonRaw !== null) {
    const n = Number(lessonRaw);
    if (Number.isInteger(n) && n >= 1 && n <= LESSON_CHAPTERS) lesson = n;
    else notices.push(`There is no lesson chapter "${lessonRaw.slice(0, 20)}" (chapters 1–${LESSON_CHAPTERS}); the lesson starts at chapter 1.`), (lesson = 1);
  }
  return { state: { settings, backend, units, selected, hidden, speed, startPaused: startRaw === 'paused', lesson }, notices };
}

type Get = (key: string) => string | null;

/** Typed readers of query values: a bad value becomes a notice and the fallback. */
function reader(get: Get, notices: string[], where = '') {
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
const OBJECTIVE_KEYS = { kind: 'objective', beta: 'beta', targetRateNats: 'sigma', penalty: 'lambda', annealSteps: 'anneal', alpha: 'alpha', mmdLambda: 'mlambda', kernel: 'kernel', rateConstraint: 'rc', mmdMax: 'mmdmax', negElboMaxNats: 'elbomax' } as const satisfies Record<keyof ObjectiveSettings, string>;

function readObjective({ choice, number }: ReturnType<typeof reader>, b: ObjectiveSettings): ObjectiveSettings {
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

/** Prefix of the query keys that carry an objective set on a model other than the primary one: m.<id>=objective:beta,beta:0.3 */
const EDIT_PREFIX = 'm.';
const MAX_OBJECTIVE_EDITS = 32;

/** The models of these settings' preset before any objective edits, and its primary model's id. */
function unedited(settings: ExperimentSettings) {
  return buildExperiment({ ...settings, objectives: {} });
}

function parseObjectiveEdits(params: URLSearchParams, settings: ExperimentSettings, notices: string[]): Record<string, ObjectiveSettings> {
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
    const pairs = new Map(raw.split(',').map((kv) => [kv.slice(0, kv.indexOf(':')), kv.slice(kv.indexOf(':') + 1)] as const));
    let o = readObjective(reader((k) => pairs.get(k) ?? null, notices, ` of model "${id}"`), model.objective);
    if (toy && !(TOY_OBJECTIVE_KINDS as readonly string[]).includes(o.kind)) {
      notices.push(`The toy problem cannot train "${o.kind}"; model "${id}" keeps ${model.objective.kind}.`);
      o = { ...o, kind: model.objective.kind };
    }
    out[id] = o;
  }
  return out;
}

/** m.<id> entries: the fields of each edited objective that differ from the preset's. */
function serializeObjectiveEdits(p: URLSearchParams, settings: ExperimentSettings): void {
  const ids = Object.keys(settings.objectives);
  if (ids.length === 0) return;
  const { config } = unedited(settings);
  for (const id of ids) {
    const o = settings.objectives[id] as ObjectiveSettings;
    const base = config.models.find((m) => m.id === id)?.objective;
    const fields = (Object.keys(OBJECTIVE_KEYS) as (keyof ObjectiveSettings)[]).filter((k) => !base || o[k] !== base[k]);
    if (fields.length > 0) p.set(`${EDIT_PREFIX}${id}`, fields.map((k) => `${OBJECTIVE_KEYS[k]}:${String(o[k])}`).join(','));
  }
}

const RUN_ID = /^[a-z0-9-]{1,16}$/i;

/** extra=id:from:beta|target-lagrange:value,… and removed=id,… (image presets' run edits). */
function parseRunEdits(extraRaw: string | null, removedRaw: string | null, notices: string[]): RunEdits {
  const extra: ExtraRun[] = [];
  const removed: string[] = [];
  let bad = 0;
  for (const item of (extraRaw ?? '').slice(0, 1024).split(',').filter(Boolean)) {
    const [id, from, kind, valueRaw] = item.split(':');
    const value = Number(valueRaw);
    const lim = kind === 'beta' ? OBJECTIVE_LIMITS.beta : OBJECTIVE_LIMITS.targetRateNats;
    const ok = id !== undefined && from !== undefined && RUN_ID.test(id) && RUN_ID.test(from) && (kind === 'beta' || kind === 'target-lagrange') &&
      valueRaw !== undefined && valueRaw.trim() !== '' && Number.isFinite(value) && value >= lim.min && value <= lim.max && !extra.some((e) => e.id === id);
    if (ok && extra.length < MAX_EXTRA_RUNS) extra.push({ id, from, kind, value });
    else bad++;
  }
  for (const id of (removedRaw ?? '').slice(0, 512).split(',').filter(Boolean)) {
    if (RUN_ID.test(id) && !removed.includes(id)) removed.push(id);
    else bad++;
  }
  if (bad > 0) notices.push(`${bad} run edit${bad > 1 ? 's' : ''} in the link could not be read and ${bad > 1 ? 'were' : 'was'} ignored.`);
  return { extra, removed };
}

/** Whether `s` is a complete, valid ExperimentSettings (the URL's rules: it round-trips with no notice). */
export function isValidSettings(s: unknown): s is ExperimentSettings {
  try {
    const { state, notices } = parseUrl(serializeUrl({ ...DEFAULT_URL_STATE, settings: s as ExperimentSettings }));
    return notices.length === 0 && JSON.stringify(state.settings) === JSON.stringify(s);
  } catch {
    return false;
  }
}

/** Serialise to a query string (leading "?"), every setting explicit so a link is self-contained. */
export function serializeUrl(s: UrlState): string {
  const o = s.settings.objective;
  const p = new URLSearchParams({
    preset: s.settings.preset,
    family: s.settings.family,
    objective: o.kind,
    beta: String(o.beta),
    sigma: String(o.targetRateNats),
    lambda: String(o.penalty),
    anneal: String(o.annealSteps),
    alpha: String(o.alpha),
    mlambda: String(o.mmdLambda),
    kernel: o.kernel,
    rc: o.rateConstraint,
    mmdmax: String(o.mmdMax),
    elbomax: String(o.negElboMaxNats),
    seed: String(s.settings.seed),
    lr: String(s.settings.learningRate),
    backend: s.backend,
    units: s.units,
  });
  const a = s.settings.arch;
  p.set('vae', `${a.encoder}${a.decoder}${a.marginal}`);
  p.set('zdim', String(a.latentDim));
  p.set('hidden', String(a.hidden));
  p.set('depth', String(a.depth));
  p.set('batch', String(s.settings.batchSize));
  p.set('images', s.settings.images);
  p.set('iwaek', String(s.settings.iwaeSamples));
  const r = s.settings.runs;
  if (r.extra.length > 0) p.set('extra', r.extra.map((e) => `${e.id}:${e.from}:${e.kind}:${e.value}`).join(','));
  if (r.removed.length > 0) p.set('removed', r.removed.join(','));
  serializeObjectiveEdits(p, s.settings);
  if (s.selected) p.set('sel', s.selected);
  if (s.hidden.length > 0) p.set('_hide', s.hidden.join(','));
  if (s.speed !== null) p.set('speed', String(s.speed));
  if (s.startPaused) p.set('start', 'paused');
  if (s.lesson !== null) p.set('lesson', String(s.lesson));
  return `?${p.toString()}`;
}
