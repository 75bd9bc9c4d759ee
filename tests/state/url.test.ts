import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { DEFAULT_URL_STATE, parseUrl, serializeUrl } from '../../src/state/url';
import { type Codec, fits, getAt, setAt } from '../../src/state/urlCodecs';
import { HIDEABLE, type Prop, URL_PROPS } from '../../src/state/urlTable';

/** A non-default objective, used for the primary model and (as a target rate) for another. */
const OBJECTIVE = {
  kind: 'target-penalty' as const,
  beta: 0.25,
  targetRateNats: 1.75,
  penalty: 2,
  annealSteps: 1234,
  alpha: 0.5,
  mmdLambda: 100,
  kernel: 'gaussian' as const,
  rateConstraint: 'le' as const,
  mmdMax: 0.02,
  negElboMaxNats: 120,
};

describe('URL state', () => {
  it('round-trips every setting', () => {
    const s = {
      settings: {
        preset: 'sigma-sweep' as const,
        family: 'tabular' as const,
        objective: OBJECTIVE,
        seed: 99,
        learningRate: 0.003,
        arch: {
          encoder: '+' as const,
          decoder: '-' as const,
          marginal: 'v' as const,
          latentDim: 32,
          hidden: 128,
          depth: 3,
        },
        batchSize: 16,
        images: 'custom' as const,
        runs: {
          extra: [
            { id: 'x1', from: 'r2', kind: 'beta' as const, value: 0.5 },
            { id: 'x2', from: 'r0', kind: 'target-lagrange' as const, value: 20 },
          ],
          removed: ['r3'],
        },
        iwaeSamples: 50,
        objectives: {
          s5: { ...OBJECTIVE, kind: 'target-lagrange' as const, targetRateNats: 2.5 },
        },
      },
      backend: 'wasm' as const,
      units: 'bits' as const,
      selected: 's4',
      hidden: ['seed' as const, 'objective' as const],
      speed: 20,
      startPaused: true,
      pool: 2,
      lesson: 3,
    };
    const { state, notices } = parseUrl(serializeUrl(s));
    expect(notices).toEqual([]);
    expect(state).toEqual(s);
    // The link lists the keys in the table's order (the order links have always had).
    const withCopy = serializeUrl({ ...s, settings: { ...s.settings, copy: 7, sweepSize: 16 } });
    expect([...new URLSearchParams(withCopy).keys()].join(' ')).toBe(
      'preset family objective beta sigma lambda anneal alpha mlambda kernel rc mmdmax elbomax seed lr backend ' +
        'units vae zdim hidden depth batch images iwaek copy n extra removed m.s5 sel _hide speed start pool lesson',
    );
  });
  it('the default link', () => {
    expect(serializeUrl(DEFAULT_URL_STATE)).toBe(
      '?preset=figure2&family=smooth-encoder&objective=target-lagrange&beta=1&sigma=0.5&lambda=1&anneal=5000' +
        '&alpha=1&mlambda=100&kernel=imq&rc=off&mmdmax=0&elbomax=0&seed=1&lr=0.01&backend=auto&units=nats' +
        '&vae=---&zdim=16&hidden=256&depth=1&batch=64&images=static-mnist&iwaek=10',
    );
  });
  it('pool: 1–16 workers or auto; anything else is a notice and automatic', () => {
    expect(parseUrl('?pool=3').state.pool).toBe(3);
    expect(parseUrl('?pool=auto').state.pool).toBeNull();
    expect(serializeUrl({ ...parseUrl('?pool=auto').state })).not.toContain('pool=');
    for (const bad of ['0', '17', '1.5', 'two']) {
      const { state, notices } = parseUrl(`?pool=${bad}`);
      expect(state.pool).toBeNull();
      expect(notices.join(' ')).toContain('pool');
    }
  });
  it('bad speed, start and lesson values give notices (a bad lesson opens chapter 1)', () => {
    const { state, notices } = parseUrl('?speed=7&start=later&lesson=99');
    expect(state.speed).toBeNull();
    expect(state.startPaused).toBe(false);
    expect(state.lesson).toBe(1);
    expect(notices.length).toBe(3);
    expect(notices[2]).toMatch(/no lesson chapter "99"/);
  });
  it('empty → defaults, no notices', () => {
    expect(parseUrl('')).toEqual({ state: DEFAULT_URL_STATE, notices: [] });
  });
  it('hostile and invalid values → defaults or clamps, each with a notice', () => {
    const { state, notices } = parseUrl(
      '?preset=<script>&beta=NaN&sigma=-5&lr=1e9&seed=1.5&backend=evil&units=furlongs&sel=%3Cimg%3E&family=' +
        'x'.repeat(100),
    );
    expect(state.settings.preset).toBe('figure2');
    expect(state.settings.objective.beta).toBe(1);
    expect(state.settings.objective.targetRateNats).toBe(0);
    expect(state.settings.learningRate).toBe(1);
    expect(state.settings.seed).toBe(1);
    expect(state.backend).toBe('auto');
    expect(state.units).toBe('nats');
    expect(state.selected).toBeNull();
    expect(notices.length).toBe(9);
    expect(parseUrl('?_hide=seed,bogus,seed').state.hidden).toEqual(['seed']);
  });
  it('never throws on junk', () => {
    for (const junk of ['?%', '?&&&', '?beta=', '?=1', '?beta=1e400', `?${'a=1&'.repeat(2000)}`])
      expect(() => parseUrl(junk)).not.toThrow();
  });
});

/** The table's properties held under one key each. */
const ROWS = (URL_PROPS as readonly Prop[]).filter(
  (p): p is Prop & { path: string; codec: Codec<unknown> } => !!p.path && !!p.codec && !('keys' in p.codec),
);

/** A valid value of property `p` other than its default `d` (one its check accepts in the default settings). */
function otherValue(p: (typeof ROWS)[number], d: unknown): unknown {
  const spec = p.codec.spec;
  const mid = (spec.type === 'number' || spec.type === 'int') && (spec.min + spec.max) / 2;
  const candidates: readonly unknown[] =
    spec.type === 'enum'
      ? spec.values
      : spec.type === 'number' || spec.type === 'int'
        ? (spec.only ?? [spec.min, spec.max, spec.type === 'int' ? Math.round(mid as number) : mid])
        : spec.type === 'bool'
          ? [true, false]
          : spec.type === 'id'
            ? ['m1']
            : spec.type === 'subset'
              ? [spec.values().slice(0, 2)]
              : spec.type === 'vae'
                ? [{ ...(d as object), encoder: '+', marginal: 'v' }]
                : [];
  return candidates.find(
    (v) => JSON.stringify(v) !== JSON.stringify(d) && p.check?.(v, DEFAULT_SETTINGS, d) === undefined,
  );
}

describe('the property table', () => {
  it('has one row per key, each path a field of UrlState', () => {
    const keys = URL_PROPS.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of ROWS) {
      const parent = getAt(DEFAULT_URL_STATE, p.path.split('.').slice(0, -1).join('.') || 'settings');
      expect(typeof parent, p.path).toBe('object');
    }
  });
  for (const p of ROWS) {
    const d = getAt(DEFAULT_URL_STATE, p.path);
    it(`${p.key}: its default and another value round-trip; a bad or out-of-range one falls back with a notice`, () => {
      expect(new URLSearchParams(serializeUrl(DEFAULT_URL_STATE)).has(p.key)).toBe(!p.optional);
      const v = otherValue(p, d);
      expect(v).toBeDefined();
      const s = structuredClone(DEFAULT_URL_STATE);
      setAt(s, p.path, v);
      const q = serializeUrl(s);
      expect(new URLSearchParams(q).has(p.key)).toBe(true);
      expect(parseUrl(q)).toEqual({ state: s, notices: [] });
      const bad = parseUrl(`?${p.key}=%3Cbad%3E`);
      expect(bad.notices).toHaveLength(1);
      // A bad lesson chapter opens the lesson at chapter 1; every other property takes its default.
      expect(getAt(bad.state, p.path)).toEqual(p.key === 'lesson' ? 1 : d);
      const spec = p.codec.spec;
      if (spec.type !== 'number' && spec.type !== 'int') return;
      // Well outside the range (copy=0 is no copy, a valid value).
      for (const [x, bound] of [
        [spec.max + 1000, spec.max],
        [spec.min - 1000, spec.min],
      ] as const) {
        const { state, notices } = parseUrl(`?${p.key}=${x}`);
        expect(notices).toHaveLength(1);
        const got = getAt(state, p.path);
        expect(fits(p.codec, got, d)).toBe(true);
        // Plain numbers are clamped to the nearest bound (as the controls do); optional ones fall back.
        if (!p.codec.maybe) expect(got).toBe(bound);
      }
    });
  }
  it('every hideable control is accepted in _hide, and only those', () => {
    expect([...HIDEABLE].sort()).toEqual(
      [
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
      ].sort(),
    );
    for (const h of HIDEABLE) expect(parseUrl(`?_hide=${h}`)).toMatchObject({ state: { hidden: [h] }, notices: [] });
    expect(parseUrl(`?_hide=${HIDEABLE.join(',')}`).state.hidden).toEqual(HIDEABLE);
    expect(parseUrl('?_hide=zdim').notices).toHaveLength(1);
  });
});
