/**
 * The URL's properties in one table (Playground's state.ts): each row gives the query key, where the value lives
 * in UrlState, its kind and range (a codec), whether a classroom link can hide its control, and whether a link
 * omits it at its default. Parsing, serialising, validation, `_hide` and the fuzz test all derive from it.
 */
import { OBJECTIVE_LIMITS } from '../math/objective';
import {
  BATCH_LIMITS,
  DENSE_LIMITS,
  DENSE_SIZE,
  defaultLearningRate,
  FAMILIES,
  IMAGE_SOURCES,
  IWAE_LIMITS,
  MAX_EXTRA_MODELS,
  PRESETS,
  presetDataset,
  type ExperimentSettings,
  type ExtraModel,
  type ModelEdits,
} from '../lib/experiment';
import { DEPTH_LIMITS, HIDDEN_LIMITS, LATENT_DIM_LIMITS, parseFamily, type VaeArchitecture } from '../lib/vaeSpec';
import { BACKENDS } from '../lib/backends';
import { MAX_POOL } from '../lib/pool';
import type { CodecContext } from './urlCodecs';
import { OBJECTIVE_EDITS, OBJECTIVE_PROPS } from './urlObjectives';
import {
  flag,
  ID,
  int,
  modelId,
  num,
  oneOf,
  optionalInt,
  quote,
  subset,
  type Codec,
  type QueryCodec,
} from './urlCodecs';

export const LR_LIMITS = { min: 1e-5, max: 1 } as const;
export const SEED_MAX = 2 ** 31 - 1;
/** The largest copy number of an experiment ("open a copy" picks one at random below it). */
export const COPY_MAX = 999_999;
/** Speeds the control offers (steps per second); null is full speed. */
export const SPEEDS = [2, 5, 20, 100, 500] as const;
/** Chapters of the lesson (lesson/chapters.ts has as many). */
export const LESSON_CHAPTERS = 9;

/** One property of the URL. */
export interface Prop {
  /** The query key (a control's name in ?_hide=). */
  key: string;
  /** Where the value lives in UrlState, dotted ('settings.objective.beta'); none: a control a link can only hide. */
  path?: string;
  codec?: Codec<unknown> | QueryCodec<unknown>;
  /** A classroom link can hide its control (TensorFlow Playground style: ?_hide=objective,seed). */
  hideable?: true;
  /** A link carries it only when it differs from its default (the others always: a link is self-contained). */
  optional?: true;
  /** Its default when that depends on properties read before it (else: its value in DEFAULT_URL_STATE). */
  default?(s: CodecContext): unknown;
  /** A notice when the value does not fit the settings read before it (the default is used instead). */
  check?(v: unknown, s: ExperimentSettings, fallback: unknown): string | undefined;
}

/** vae=-+v: the encoder, decoder and marginal of the architecture (vaeSpec.ts), over its sizes. */
const vae: Codec<VaeArchitecture> = {
  spec: { type: 'vae' },
  read: (raw, at) => {
    // '+' typed by hand in a query string reads as a space.
    const family = parseFamily(raw.replace(/ /g, '+'));
    if (family === null) at.note(`Unknown vae family ${quote(raw)}; using the simple one.`);
    return { ...at.fallback, ...family };
  },
  write: (a) => `${a.encoder}${a.decoder}${a.marginal}`,
};

/** copy=n, 1–COPY_MAX: a copy of the experiment with its own saved run; 0 (or a value clamped to 0) is absent. */
const copy: Codec<number | undefined> = {
  spec: { type: 'int', min: 1, max: COPY_MAX },
  maybe: true,
  read: (raw, at) => int({ min: 0, max: COPY_MAX }).read(raw, { ...at, fallback: at.fallback ?? 0 }) || undefined,
  write: String,
};

/** Image presets' model edits: extra=id:from:beta|target-lagrange:value,… and removed=id,… */
const modelEdits: QueryCodec<ModelEdits> = {
  spec: { type: 'model-edits' },
  keys: ['extra', 'removed'],
  readQuery(q, _s, note) {
    const extra: ExtraModel[] = [];
    const removed: string[] = [];
    let bad = 0;
    for (const item of (q.get('extra') ?? '').slice(0, 1024).split(',').filter(Boolean)) {
      const [id, from, kind, valueRaw] = item.split(':');
      const value = Number(valueRaw);
      const lim = kind === 'beta' ? OBJECTIVE_LIMITS.beta : OBJECTIVE_LIMITS.targetRateNats;
      const ok =
        id !== undefined &&
        from !== undefined &&
        ID.test(id) &&
        ID.test(from) &&
        (kind === 'beta' || kind === 'target-lagrange') &&
        valueRaw !== undefined &&
        valueRaw.trim() !== '' &&
        Number.isFinite(value) &&
        value >= lim.min &&
        value <= lim.max &&
        !extra.some((e) => e.id === id);
      if (ok && extra.length < MAX_EXTRA_MODELS) extra.push({ id, from, kind, value });
      else bad++;
    }
    for (const id of (q.get('removed') ?? '').slice(0, 512).split(',').filter(Boolean)) {
      if (ID.test(id) && !removed.includes(id)) removed.push(id);
      else bad++;
    }
    const s = bad > 1;
    if (bad > 0)
      note(`${bad} model edit${s ? 's' : ''} in the link could not be read and ${s ? 'were' : 'was'} ignored.`);
    return { extra, removed };
  },
  writeQuery(q, r) {
    if (r.extra.length > 0) q.set('extra', r.extra.map((e) => `${e.id}:${e.from}:${e.kind}:${e.value}`).join(','));
    if (r.removed.length > 0) q.set('removed', r.removed.join(','));
  },
};

/** n=16: models of a dense frontier (absent: DENSE_SIZE). */
const sweepSize = optionalInt<undefined>(
  DENSE_LIMITS,
  (v) =>
    `Unknown model count n ${v}; the dense frontier has ${DENSE_SIZE} models ` +
    `(choices: ${DENSE_LIMITS.min}–${DENSE_LIMITS.max}).`,
);
/** speed=20: at most this many steps per second (full: no limit). */
const speed = optionalInt<null>(
  { min: SPEEDS[0], max: SPEEDS[SPEEDS.length - 1] as number, only: SPEEDS },
  (v) => `Unknown speed ${v}; training runs at full speed (choices: ${SPEEDS.join(', ')} steps/s or full).`,
  { none: 'full' },
);
/** pool=4: training workers (auto: every core but one). */
const pool = optionalInt<null>(
  { min: 1, max: MAX_POOL },
  (v) => {
    const choices = `1–${MAX_POOL} or auto`;
    return `Unknown pool ${v}; the number of training workers is chosen automatically (choices: ${choices}).`;
  },
  { none: 'auto' },
);
/** lesson=3: the lesson's chapter (a bad one opens chapter 1: the link asked for the lesson). */
const lesson = optionalInt<null>(
  { min: 1, max: LESSON_CHAPTERS },
  (v) => `There is no lesson chapter ${v} (chapters 1–${LESSON_CHAPTERS}); the lesson starts at chapter 1.`,
  { invalid: 1 },
);
const start = flag('paused', 'playing', (v) => `Unknown start ${v}; training starts at once.`);
const selected = modelId('Unknown selected model; using the default.');
/** The hideable controls, read by _hide's codec once the table exists. */
const hideable = (): readonly string[] => HIDEABLE;
/** lr's default: the preset's (Adam: 0.01 on the toy problem, 1e-3 on images). */
const presetLearningRate = (s: CodecContext): number => defaultLearningRate(presetDataset(s.settings.preset));

/**
 * Every property, in the order a link lists them and the parser reads them (a default that depends on another
 * property comes after it: lr's on the preset). Objective fields: urlObjectives.ts.
 */
export const URL_PROPS = [
  { key: 'preset', path: 'settings.preset', codec: oneOf(PRESETS), hideable: true },
  { key: 'family', path: 'settings.family', codec: oneOf(FAMILIES), hideable: true },
  ...OBJECTIVE_PROPS.map((p) => ({ ...p, path: `settings.objective.${p.field}` })),
  { key: 'seed', path: 'settings.seed', codec: int({ min: 0, max: SEED_MAX }), hideable: true },
  { key: 'lr', path: 'settings.learningRate', codec: num(LR_LIMITS), hideable: true, default: presetLearningRate },
  { key: 'backend', path: 'backend', codec: oneOf(['auto', ...BACKENDS]), hideable: true },
  { key: 'units', path: 'units', codec: oneOf(['nats', 'bits']), hideable: true },
  { key: 'vae', path: 'settings.arch', codec: vae, hideable: true },
  { key: 'zdim', path: 'settings.arch.latentDim', codec: int(LATENT_DIM_LIMITS) },
  { key: 'hidden', path: 'settings.arch.hidden', codec: int(HIDDEN_LIMITS) },
  { key: 'depth', path: 'settings.arch.depth', codec: int(DEPTH_LIMITS) },
  { key: 'batch', path: 'settings.batchSize', codec: int(BATCH_LIMITS) },
  { key: 'images', path: 'settings.images', codec: oneOf(IMAGE_SOURCES) },
  { key: 'iwaek', path: 'settings.iwaeSamples', codec: int(IWAE_LIMITS) },
  { key: 'copy', path: 'settings.copy', codec: copy, optional: true },
  { key: 'n', path: 'settings.sweepSize', codec: sweepSize, optional: true },
  { key: 'extra', path: 'settings.runs', codec: modelEdits },
  { key: 'm.', path: 'settings.objectives', codec: OBJECTIVE_EDITS },
  { key: 'sel', path: 'selected', codec: selected, optional: true },
  { key: '_hide', path: 'hidden', codec: subset(hideable, 256), optional: true },
  { key: 'speed', path: 'speed', codec: speed, optional: true },
  { key: 'start', path: 'startPaused', codec: start, optional: true },
  { key: 'pool', path: 'pool', codec: pool, optional: true },
  { key: 'lesson', path: 'lesson', codec: lesson, optional: true },
  // The export button: a control a link can hide, with no value.
  { key: 'export', hideable: true },
] as const satisfies readonly Prop[];

/** Controls a classroom link can hide (TensorFlow Playground style: ?_hide=objective,seed). */
export type Hideable = Extract<(typeof URL_PROPS)[number], { hideable: true }>['key'];
export const HIDEABLE: readonly Hideable[] = URL_PROPS.filter((p) => 'hideable' in p).map((p) => p.key as Hideable);
