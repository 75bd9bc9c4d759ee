/**
 * The experiment in the URL's query string, so a link reproduces it. Parsing never throws:
 * invalid or hostile values fall back to defaults and produce notices for the UI.
 *   ?preset=figure2&family=smooth&objective=target-lagrange&beta=1&sigma=0.5&lambda=1
 *    &anneal=5000&seed=1&lr=0.01&backend=auto&units=nats&sel=target
 *   image presets add &vae=-%2Bv (encoder, decoder, marginal) &zdim=16&hidden=256&depth=1&batch=64&images=mnist|custom
 *   and the information-autoencoding objectives &alpha=1&mlambda=1000&kernel=imq&rc=off|eq|le&mmdmax=0&elbomax=0
 *   objectives set on other models than the primary one: &m.elbo=objective:beta,beta:0.3 (only the fields that differ
 * from the preset's)
 */
import { OBJECTIVE_LIMITS, TOY_OBJECTIVE_KINDS } from '../math/objective';
import { parseObjectiveEdits, reader, readObjective, serializeObjectiveEdits } from './urlObjectives';
import {
  BATCH_LIMITS,
  DEFAULT_SETTINGS,
  DENSE_LIMITS,
  DENSE_SIZE,
  defaultLearningRate,
  FAMILIES,
  IMAGE_SOURCES,
  IWAE_LIMITS,
  MAX_EXTRA_RUNS,
  PRESETS,
  presetDataset,
  type ExperimentSettings,
  type ExtraRun,
  type RunEdits,
} from '../lib/experiment';
import { DEPTH_LIMITS, HIDDEN_LIMITS, LATENT_DIM_LIMITS, parseFamily } from '../lib/vaeSpec';
import { BACKENDS, type BackendRequest } from '../lib/backends';
import { MAX_POOL } from '../lib/pool';

export type Units = 'nats' | 'bits';

/** Controls a classroom link can hide (TensorFlow Playground style: ?_hide=objective,seed). */
export const HIDEABLE = [
  'preset',
  'family',
  'vae',
  'seed',
  'units',
  'backend',
  'objective',
  'beta',
  'sigma',
  'lambda',
  'anneal',
  'lr',
  'export',
] as const;
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
  /** Training workers asked for (null: automatic, every core but one; the worker reports what trains). */
  pool: number | null;
  /** Lesson mode: the chapter shown (1-based), or null outside the lesson. */
  lesson: number | null;
}

/** Speeds the control offers (steps per second); null is full speed. */
export const SPEEDS = [2, 5, 20, 100, 500] as const;
/** Chapters of the lesson (lesson/chapters.ts has as many). */
export const LESSON_CHAPTERS = 9;

export const DEFAULT_URL_STATE: UrlState = {
  settings: DEFAULT_SETTINGS,
  backend: 'auto',
  units: 'nats',
  selected: null,
  hidden: [],
  speed: null,
  startPaused: false,
  pool: null,
  lesson: null,
};

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
  const copy = number('copy', 0, 0, COPY_MAX, true);
  if (copy > 0) settings.copy = copy;
  if (
    presetDataset(preset) === 'toy' &&
    !(TOY_OBJECTIVE_KINDS as readonly string[]).includes(settings.objective.kind)
  ) {
    notices.push(
      `The toy problem has no batch of codes for "${settings.objective.kind}" (MMD, constraints); using ${d.objective.kind}.`,
    );
    settings.objective = { ...settings.objective, kind: d.objective.kind };
  }
  settings.objectives = parseObjectiveEdits(params, settings, notices);
  const nRaw = get('n');
  if (nRaw !== null) {
    const v = Number(nRaw);
    if (Number.isInteger(v) && v >= DENSE_LIMITS.min && v <= DENSE_LIMITS.max) settings.sweepSize = v;
    else
      notices.push(
        `Unknown model count n "${nRaw.slice(0, 20)}"; the dense frontier has ${DENSE_SIZE} models (choices: ${DENSE_LIMITS.min}–${DENSE_LIMITS.max}).`,
      );
  }
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
    else
      notices.push(
        `Unknown speed "${speedRaw.slice(0, 20)}"; training runs at full speed (choices: ${SPEEDS.join(', ')} steps/s or full).`,
      );
  }
  const poolRaw = get('pool');
  let pool: number | null = null;
  if (poolRaw !== null && poolRaw !== 'auto') {
    const v = Number(poolRaw);
    if (Number.isInteger(v) && v >= 1 && v <= MAX_POOL) pool = v;
    else
      notices.push(
        `Unknown pool "${poolRaw.slice(0, 20)}"; the number of training workers is chosen automatically (choices: 1–${MAX_POOL} or auto).`,
      );
  }
  const startRaw = get('start');
  if (startRaw !== null && startRaw !== 'paused' && startRaw !== 'playing')
    notices.push(`Unknown start "${startRaw.slice(0, 20)}"; training starts at once.`);
  const lessonRaw = get('lesson');
  let lesson: number | null = null;
  if (lessonRaw !== null) {
    const n = Number(lessonRaw);
    if (Number.isInteger(n) && n >= 1 && n <= LESSON_CHAPTERS) lesson = n;
    else
      notices.push(
        `There is no lesson chapter "${lessonRaw.slice(0, 20)}" (chapters 1–${LESSON_CHAPTERS}); the lesson starts at chapter 1.`,
      ),
        (lesson = 1);
  }
  return {
    state: { settings, backend, units, selected, hidden, speed, startPaused: startRaw === 'paused', pool, lesson },
    notices,
  };
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
    const ok =
      id !== undefined &&
      from !== undefined &&
      RUN_ID.test(id) &&
      RUN_ID.test(from) &&
      (kind === 'beta' || kind === 'target-lagrange') &&
      valueRaw !== undefined &&
      valueRaw.trim() !== '' &&
      Number.isFinite(value) &&
      value >= lim.min &&
      value <= lim.max &&
      !extra.some((e) => e.id === id);
    if (ok && extra.length < MAX_EXTRA_RUNS) extra.push({ id, from, kind, value });
    else bad++;
  }
  for (const id of (removedRaw ?? '').slice(0, 512).split(',').filter(Boolean)) {
    if (RUN_ID.test(id) && !removed.includes(id)) removed.push(id);
    else bad++;
  }
  if (bad > 0)
    notices.push(
      `${bad} run edit${bad > 1 ? 's' : ''} in the link could not be read and ${bad > 1 ? 'were' : 'was'} ignored.`,
    );
  return { extra, removed };
}

/** Whether `s` is a complete, valid ExperimentSettings (the URL's rules: it round-trips with no notice). */
/** The largest copy number of an experiment ("open a copy" picks one at random below it). */
export const COPY_MAX = 999_999;

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
  if (s.settings.copy) p.set('copy', String(s.settings.copy));
  if (s.settings.sweepSize !== undefined) p.set('n', String(s.settings.sweepSize));
  const r = s.settings.runs;
  if (r.extra.length > 0) p.set('extra', r.extra.map((e) => `${e.id}:${e.from}:${e.kind}:${e.value}`).join(','));
  if (r.removed.length > 0) p.set('removed', r.removed.join(','));
  serializeObjectiveEdits(p, s.settings);
  if (s.selected) p.set('sel', s.selected);
  if (s.hidden.length > 0) p.set('_hide', s.hidden.join(','));
  if (s.speed !== null) p.set('speed', String(s.speed));
  if (s.startPaused) p.set('start', 'paused');
  if (s.pool !== null) p.set('pool', String(s.pool));
  if (s.lesson !== null) p.set('lesson', String(s.lesson));
  return `?${p.toString()}`;
}
