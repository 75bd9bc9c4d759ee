/**
 * The experiment in the URL's query string, so a link reproduces it. Parsing never throws:
 * invalid or hostile values fall back to defaults and produce notices for the UI.
 *   ?preset=figure2&family=smooth&objective=target-lagrange&beta=1&sigma=0.5&lambda=1
 *    &anneal=5000&seed=1&lr=0.01&backend=auto&units=nats&sel=target
 *   image presets add &vae=-%2Bv (encoder, decoder, marginal) &zdim=16&hidden=256&depth=1&batch=64&images=mnist|custom
 *   and the information-autoencoding objectives &alpha=1&mlambda=1000&kernel=imq&rc=off|eq|le&mmdmax=0&elbomax=0
 *   objectives set on other models than the primary one: &m.elbo=objective:beta,beta:0.3 (only the fields that differ
 * from the preset's)
 * Every property, its range and default are in one table (urlTable.ts); this file reads and writes the query by it.
 */
import { DEFAULT_SETTINGS, type ExperimentSettings } from '../lib/experiment';
import type { BackendRequest } from '../lib/backends';
import { getAt, setAt } from './urlCodecs';
import { type Hideable, type Prop, URL_PROPS } from './urlTable';

export { COPY_MAX, HIDEABLE, type Hideable, LESSON_CHAPTERS, LR_LIMITS, SEED_MAX, SPEEDS } from './urlTable';

export type Units = 'nats' | 'bits';

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

const MAX_PARAM_LENGTH = 64;
const MAX_QUERY_LENGTH = 4096;
const PROPS: readonly Prop[] = URL_PROPS;

/** Parse a query string; every problem becomes a notice and a default value. */
export function parseUrl(search: string): { state: UrlState; notices: string[] } {
  const notices: string[] = [];
  const note = (m: string) => notices.push(m);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.length > MAX_QUERY_LENGTH ? '' : search);
    if (search.length > MAX_QUERY_LENGTH) notices.push('The link was too long and was ignored.');
  } catch {
    return { state: DEFAULT_URL_STATE, notices: ['The link could not be read; defaults are used.'] };
  }
  const get = (key: string, cap?: number): string | null => {
    const v = params.get(key);
    if (v === null || cap !== undefined) return v?.slice(0, cap) ?? null;
    if (v.length <= MAX_PARAM_LENGTH) return v;
    notices.push(`"${key}" was too long and was ignored.`);
    return null;
  };
  const state = structuredClone(DEFAULT_URL_STATE);
  for (const p of PROPS) {
    if (!p.codec || !p.path) continue;
    const fallback = p.default ? p.default(state) : getAt(state, p.path);
    let value = fallback;
    if ('readQuery' in p.codec) value = p.codec.readQuery(params, state, note);
    else {
      const raw = get(p.key, p.codec.cap);
      if (raw !== null) value = p.codec.read(raw, { key: p.key, where: '', fallback, note });
    }
    const misfit = p.check?.(value, state.settings, fallback);
    if (misfit !== undefined) note(misfit);
    setAt(state, p.path, misfit === undefined ? value : fallback);
  }
  return { state, notices };
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

/**
 * Serialise to a query string (leading "?"), in the table's order: every setting explicit so a link is
 * self-contained; the optional properties (view state, copy, n, edits) only where they differ from their defaults.
 */
export function serializeUrl(s: UrlState): string {
  const q = new URLSearchParams();
  for (const p of PROPS) {
    if (!p.codec || !p.path) continue;
    const v = getAt(s, p.path);
    if ('writeQuery' in p.codec) p.codec.writeQuery(q, v, s);
    else if (!p.optional || JSON.stringify(v) !== JSON.stringify(getAt(DEFAULT_URL_STATE, p.path)))
      q.set(p.key, p.codec.write(v));
  }
  return `?${q.toString()}`;
}
