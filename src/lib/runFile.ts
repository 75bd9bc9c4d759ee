/**
 * A run as one file: settings, experiment, weights and optimiser state of every model, and the
 * RD histories — JSON with typed arrays as {"$f32": base64}. Pure: encoding, and a decoder that
 * checks schema, version, size, structure and number ranges, returning a message instead of
 * throwing. (Array lengths against the architecture are checked when the worker rebuilds the
 * models, before anything existing is replaced.)
 */
import { DEFAULT_OBJECTIVE, OBJECTIVE_KINDS, sanitizeObjective, type ObjectiveSettings } from '../math/objective';
import { DEFAULT_ARCHITECTURE } from './vaeSpec';
import type { ExperimentConfig, ExperimentSettings } from './experiment';
import { buildExperiment } from './presets';
import type { HistoryState } from './history';

export const RUN_FILE_SCHEMA = 'rd-explorer/run';
export const RUN_FILE_VERSION = 1;
/** Larger files are refused before parsing. */
export const MAX_RUN_FILE_CHARS = 256 * 1024 * 1024;

/** The parts of a stored run a file carries (the worker's snapshot types, structurally). */
export interface RunFileRecord {
  savedAt: number;
  snapshot: unknown;
  histories: Record<string, HistoryState>;
}

export interface RunFile {
  schema: typeof RUN_FILE_SCHEMA;
  version: typeof RUN_FILE_VERSION;
  exportedAt: string;
  settings: ExperimentSettings;
  experiment: ExperimentConfig;
  record: RunFileRecord;
}

function toBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Float32Array {
  const s = atob(text);
  if (s.length % 4 !== 0) throw new Error('an array has a length that is not a whole number of floats');
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** The file's text. */
export function encodeRunFile(
  settings: ExperimentSettings,
  experiment: ExperimentConfig,
  record: RunFileRecord,
  now = new Date(),
): string {
  const file: RunFile = {
    schema: RUN_FILE_SCHEMA,
    version: RUN_FILE_VERSION,
    exportedAt: now.toISOString(),
    settings,
    experiment,
    record,
  };
  return JSON.stringify(file, (_k, v: unknown) => (v instanceof Float32Array ? { $f32: toBase64(v) } : v));
}

class Invalid extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const need = (ok: boolean, what: string): void => {
  if (!ok) throw new Invalid(what);
};
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function objectiveOk(o: unknown): o is ObjectiveSettings {
  if (!isObj(o) || !(OBJECTIVE_KINDS as readonly unknown[]).includes(o.kind)) return false;
  if (![o.beta, o.targetRateNats, o.penalty, o.annealSteps].every(finite)) return false;
  return JSON.stringify(sanitizeObjective(o as unknown as ObjectiveSettings)) === JSON.stringify(o);
}

function historiesOk(h: unknown, ids: readonly string[]): h is Record<string, HistoryState> {
  if (!isObj(h)) return false;
  return Object.entries(h).every(
    ([id, s]) =>
      ids.includes(id) &&
      isObj(s) &&
      Array.isArray(s.rows) &&
      s.rows.length <= 100_000 &&
      finite(s.stride) &&
      finite(s.skipped) &&
      // null: a NaN column written as JSON (image models have no class information).
      s.rows.every((r) => Array.isArray(r) && r.length === 7 && r.every((v) => typeof v === 'number' || v === null)),
  );
}

/** Typed arrays back from {"$f32": …}; every value must be finite. */
function revive(v: unknown, depth = 0): unknown {
  need(depth < 12, 'the file is nested too deeply');
  if (Array.isArray(v)) return v.map((x) => revive(x, depth + 1));
  if (!isObj(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === '$f32') {
    need(typeof v.$f32 === 'string', 'an array is not base64 text');
    let a: Float32Array;
    try {
      a = fromBase64(v.$f32 as string);
    } catch (e) {
      throw new Invalid(`an array could not be decoded (${(e as Error).message})`);
    }
    need(a.every(Number.isFinite), 'an array holds NaN or infinite values');
    return a;
  }
  return Object.fromEntries(
    keys
      .filter((k) => k !== '__proto__' && k !== 'constructor' && k !== 'prototype')
      .map((k) => [k, revive(v[k], depth + 1)]),
  );
}

/**
 * Files written before the information-autoencoding objectives and MLP depth lack those fields:
 * they meant the defaults (no MMD, no constraints, one hidden layer), so fill them in.
 */
function upgrade(f: Record<string, unknown>): void {
  const fillObjective = (o: unknown): unknown => (isObj(o) ? { ...DEFAULT_OBJECTIVE, ...o } : o);
  const fillArch = (a: unknown): unknown =>
    isObj(a) && !('depth' in a) ? { ...a, depth: DEFAULT_ARCHITECTURE.depth } : a;
  if (isObj(f.settings))
    f.settings = { ...f.settings, objective: fillObjective(f.settings.objective), arch: fillArch(f.settings.arch) };
  if (isObj(f.experiment) && Array.isArray(f.experiment.models)) {
    f.experiment = {
      ...f.experiment,
      models: f.experiment.models.map((m: unknown) =>
        isObj(m)
          ? { ...m, objective: fillObjective(m.objective), ...(m.arch === undefined ? {} : { arch: fillArch(m.arch) }) }
          : m,
      ),
    };
  }
}

/** Check the settings, the experiment they build, and the snapshot's structure. */
function validate(f: Record<string, unknown>, settingsOk: (s: unknown) => s is ExperimentSettings): RunFile {
  need(f.schema === RUN_FILE_SCHEMA, `not a run file (schema "${String(f.schema).slice(0, 40)}")`);
  need(
    f.version === RUN_FILE_VERSION,
    `run file version ${String(f.version).slice(0, 10)} is not supported (expected ${RUN_FILE_VERSION})`,
  );
  upgrade(f);
  need(settingsOk(f.settings), 'the settings are invalid');
  const settings = f.settings as ExperimentSettings;
  const built = buildExperiment(settings).config;
  const exp = f.experiment;
  need(isObj(exp) && Array.isArray(exp.models), 'the experiment is missing');
  const e = exp as unknown as ExperimentConfig;
  need(e.models.length === built.models.length, 'the experiment does not match its settings');
  e.models.forEach((m, i) => {
    const b = built.models[i];
    need(
      isObj(m) &&
        b !== undefined &&
        m.id === b.id &&
        m.kind === b.kind &&
        JSON.stringify(m.arch ?? null) === JSON.stringify(b.arch ?? null),
      `model ${i + 1} does not match the settings`,
    );
    need(objectiveOk(m.objective), `model ${i + 1} has an invalid objective`);
  });
  const experiment: ExperimentConfig = {
    ...built,
    models: built.models.map((b, i) => ({
      ...b,
      objective: (e.models[i] as ExperimentConfig['models'][number]).objective,
    })),
  };
  const r = f.record;
  need(isObj(r) && finite(r.savedAt) && isObj(r.snapshot), 'the saved state is missing');
  const snap = (r as Record<string, Record<string, unknown>>).snapshot as Record<string, unknown>;
  const trained = experiment.models.filter((m) => m.kind === 'trained').length;
  if (experiment.dataset === 'toy') {
    const p = snap.population as Record<string, unknown> | undefined;
    need(snap.kind === 'toy' && isObj(p), 'the saved state is not a toy population');
    const pop = p as Record<string, unknown>;
    need(
      Array.isArray(pop.objectives) && pop.objectives.length === trained && pop.objectives.every(objectiveOk),
      'the population objectives are invalid',
    );
    need(
      finite(pop.learningRate) &&
        (pop.learningRate as number) > 0 &&
        Number.isInteger(pop.step) &&
        (pop.step as number) >= 0,
      'the population step or learning rate is invalid',
    );
    need(
      Array.isArray(pop.active) && pop.active.length === trained && pop.active.every((a) => typeof a === 'boolean'),
      'the population flags are invalid',
    );
    for (const k of ['params', 'adamM', 'adamV'])
      need(
        Array.isArray(pop[k]) && (pop[k] as unknown[]).every((a) => a instanceof Float32Array),
        `the population ${k} are invalid`,
      );
    need(pop.multiplier instanceof Float32Array && pop.multiplier.length === trained, 'the multipliers are invalid');
  } else {
    need(
      snap.kind === 'image' &&
        Number.isInteger(snap.step) &&
        (snap.step as number) >= 0 &&
        Array.isArray(snap.runs) &&
        snap.runs.length === trained,
      'the saved state is not a matching set of image runs',
    );
    (snap.runs as unknown[]).forEach((run, i) => {
      need(isObj(run), `run ${i + 1} is invalid`);
      const x = run as Record<string, unknown>;
      need(
        objectiveOk(x.objective) &&
          finite(x.learningRate) &&
          (x.learningRate as number) > 0 &&
          Number.isInteger(x.batchSize) &&
          (x.batchSize as number) >= 1 &&
          (x.batchSize as number) <= 4096,
        `run ${i + 1} has invalid settings`,
      );
      need(
        Number.isInteger(x.step) &&
          (x.step as number) >= 0 &&
          typeof x.active === 'boolean' &&
          finite(x.multiplier) &&
          Number.isInteger(x.seed),
        `run ${i + 1} has an invalid step or state`,
      );
      need(
        typeof x.lastRateNats === 'number' && typeof x.lastDistortionNats === 'number',
        `run ${i + 1} has no last R/D`,
      );
      need(
        JSON.stringify(x.arch) === JSON.stringify(experiment.models.filter((m) => m.kind === 'trained')[i]?.arch),
        `run ${i + 1} has another architecture than its model`,
      );
      for (const k of ['params', 'adamM', 'adamV'])
        need(
          Array.isArray(x[k]) && (x[k] as unknown[]).every((a) => a instanceof Float32Array),
          `run ${i + 1}: ${k} are invalid`,
        );
    });
  }
  const histories = (r as Record<string, unknown>).histories;
  need(
    historiesOk(
      histories,
      experiment.models.map((m) => m.id),
    ),
    'the histories are invalid',
  );
  for (const h of Object.values(histories as Record<string, HistoryState>))
    h.rows = h.rows.map((row) => row.map((v) => (v === null ? Number.NaN : v)) as typeof row);
  return {
    schema: RUN_FILE_SCHEMA,
    version: RUN_FILE_VERSION,
    exportedAt: String(f.exportedAt).slice(0, 40),
    settings,
    experiment,
    record: r as unknown as RunFileRecord,
  };
}

/**
 * Parse and check a run file. `settingsOk` validates settings (the URL parser's rules, from the
 * state layer). Never throws: a bad or hostile file gives { error }.
 */
export function decodeRunFile(
  text: string,
  settingsOk: (s: unknown) => s is ExperimentSettings,
): { file: RunFile } | { error: string } {
  try {
    need(typeof text === 'string', 'the file is not text');
    need(text.length <= MAX_RUN_FILE_CHARS, 'the file is too large');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Invalid('the file is not JSON');
    }
    need(isObj(raw), 'the file is not a run file');
    return { file: validate(revive(raw) as Record<string, unknown>, settingsOk) };
  } catch (e) {
    if (e instanceof Invalid) return { error: e.message };
    return { error: `the file could not be read (${(e as Error).message})` };
  }
}
