/**
 * The kinds of value a URL property can hold, and how each reads from and writes to its query text
 * (the table in urlTable.ts picks one per property). Reading never throws: a bad value notes why and
 * gives the fallback, or the nearest valid number.
 */
import { MAX_EXTRA_MODELS, type ModelEdits } from '../lib/experiment';
import { parseFamily, type VaeArchitecture } from '../lib/vaeSpec';
import type { ExperimentSettings } from '../lib/experiment';

/** What a codec may read of the URL state besides its own value (UrlState has it). */
export interface CodecContext {
  settings: ExperimentSettings;
}

/** What a value may be: the parser keeps to it, and the fuzz test draws valid states from it. */
export type Spec =
  | { type: 'enum'; values: readonly string[] }
  /** A number in [min, max]; `only`: these values alone (speed's steps). */
  | { type: 'number' | 'int'; min: number; max: number; only?: readonly number[] }
  | { type: 'bool' }
  /** A model id: 1–16 letters, digits or dashes. */
  | { type: 'id' }
  /** Distinct values of a list (read when needed: the hideable controls derive from the table). */
  | { type: 'subset'; values: () => readonly string[] }
  /** Encoder, decoder and marginal of an architecture (vaeSpec.ts). */
  | { type: 'vae' }
  /** Image presets' model edits (ModelEdits). */
  | { type: 'model-edits' }
  /** Objectives set on models other than the primary one. */
  | { type: 'edits' };

/** Where a value is read: its key, ' of model "id"' inside an objective edit, its fallback, the notices. */
export interface Site<T> {
  key: string;
  where: string;
  fallback: T;
  note: (message: string) => void;
}

/** A value under one query key. */
export interface Codec<T> {
  spec: Spec;
  /** The value may also be absent: its default (null or undefined). */
  maybe?: true;
  read(raw: string, at: Site<T>): T;
  write(v: T): string;
  /** Reads at most this many characters (lists); other values over 64 characters are ignored with a notice. */
  cap?: number;
}

/** A value spread over several query keys (model edits, objective edits): it reads and writes the query itself. */
export interface QueryCodec<T> {
  spec: Spec;
  /** The keys it reads; one ending in '.' is a prefix (m.<model id>). */
  keys: readonly string[];
  readQuery(q: URLSearchParams, s: CodecContext, note: (message: string) => void): T;
  writeQuery(q: URLSearchParams, v: T, s: CodecContext): void;
}

/** The start of a bad value, quoted, for a notice. */
export const quote = (raw: string): string => `"${raw.slice(0, 20)}"`;

/** One of `values`, spelled as it is. */
export function oneOf<T extends string>(values: readonly T[]): Codec<T> {
  return {
    spec: { type: 'enum', values },
    read: (raw, at) => {
      if ((values as readonly string[]).includes(raw)) return raw as T;
      at.note(`Unknown ${at.key}${at.where} ${quote(raw)}; using "${at.fallback}".`);
      return at.fallback;
    },
    write: String,
  };
}

/** A number in [min, max] (an integer when `int`); one outside is clamped to the nearest bound. */
export function num({ min, max }: { min: number; max: number }, int = false): Codec<number> {
  return {
    spec: { type: int ? 'int' : 'number', min, max },
    read: (raw, at) => {
      const x = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(x) || (int && !Number.isInteger(x))) {
        at.note(`"${at.key}"${at.where} must be ${int ? 'an integer' : 'a number'}; using ${at.fallback}.`);
        return at.fallback;
      }
      if (x >= min && x <= max) return x;
      const clamped = Math.min(max, Math.max(min, x));
      at.note(`"${at.key}"${at.where} = ${x} is outside [${min}, ${max}]; using ${clamped}.`);
      return clamped;
    },
    write: String,
  };
}

export const int = (range: { min: number; max: number }): Codec<number> => num(range, true);

/**
 * An integer in [min, max] (and in `only`, when given), or absent (the default, null or undefined; `none` spells
 * it: speed=full, pool=auto). A bad one gives `notice(quoted value)` and the default, or `invalid`.
 */
export function optionalInt<N extends null | undefined>(
  range: { min: number; max: number; only?: readonly number[] },
  notice: (quoted: string) => string,
  opts: { none?: string; invalid?: number } = {},
): Codec<number | N> {
  const ok = (v: number): boolean =>
    Number.isInteger(v) && v >= range.min && v <= range.max && (!range.only || range.only.includes(v));
  return {
    spec: { type: 'int', ...range },
    maybe: true,
    read: (raw, at) => {
      if (raw === opts.none) return at.fallback;
      if (ok(Number(raw))) return Number(raw);
      at.note(notice(quote(raw)));
      return opts.invalid ?? at.fallback;
    },
    write: String,
  };
}

/** true spelled `on`, false spelled `off` (start=paused|playing); anything else notes and falls back. */
export function flag(on: string, off: string, notice: (quoted: string) => string): Codec<boolean> {
  return {
    spec: { type: 'bool' },
    read: (raw, at) => {
      if (raw === on || raw === off) return raw === on;
      at.note(notice(quote(raw)));
      return at.fallback;
    },
    write: (v) => (v ? on : off),
  };
}

export const ID = /^[a-z0-9-]{1,16}$/i;

/** A model id, or absent (null); a bad one gives `notice`. */
export function modelId(notice: string): Codec<string | null> {
  return {
    spec: { type: 'id' },
    maybe: true,
    read: (raw, at) => {
      if (ID.test(raw)) return raw;
      at.note(notice);
      return at.fallback;
    },
    write: String,
  };
}

/** Distinct members of `values()`, comma-separated, read from the first `cap` characters; others are noted. */
export function subset(values: () => readonly string[], cap: number): Codec<string[]> {
  return {
    spec: { type: 'subset', values },
    cap,
    read: (raw, at) => {
      const out: string[] = [];
      for (const v of raw.split(',').filter(Boolean)) {
        if (!values().includes(v)) at.note(`Unknown control ${quote(v)} in ${at.key}; ignored.`);
        else if (!out.includes(v)) out.push(v);
      }
      return out;
    },
    write: (v) => v.join(','),
  };
}

/**
 * Whether `v` is a value of the codec's spec, or the absent default `d` of a `maybe` one: what parsing guarantees
 * (the fuzz test checks every parse against it).
 */
export function fits(c: Codec<unknown> | QueryCodec<unknown>, v: unknown, d: unknown): boolean {
  const spec = c.spec;
  if ('maybe' in c && c.maybe && v === d) return true;
  switch (spec.type) {
    case 'enum':
      return spec.values.includes(v as string);
    case 'number':
    case 'int':
      return (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        v >= spec.min &&
        v <= spec.max &&
        (spec.type === 'number' || Number.isInteger(v)) &&
        (!spec.only || spec.only.includes(v))
      );
    case 'bool':
      return typeof v === 'boolean';
    case 'id':
      return typeof v === 'string' && ID.test(v);
    case 'subset':
      return Array.isArray(v) && new Set(v).size === v.length && v.every((x) => spec.values().includes(x));
    case 'vae': {
      const a = v as VaeArchitecture;
      return parseFamily(`${a.encoder}${a.decoder}${a.marginal}`) !== null;
    }
    case 'model-edits': {
      const r = v as ModelEdits;
      return r.extra.length <= MAX_EXTRA_MODELS && r.extra.every((e) => Number.isFinite(e.value) && ID.test(e.id));
    }
    case 'edits':
      return typeof v === 'object' && v !== null;
  }
}

/** The value at a dotted path ('settings.arch.depth'). */
export function getAt(o: object, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);
}

/** Set the value at a dotted path; undefined removes it (an absent optional setting). */
export function setAt(o: object, path: string, v: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((x, k) => x[k] as Record<string, unknown>, o as Record<string, unknown>);
  if (v === undefined) delete parent[last];
  else parent[last] = v;
}
