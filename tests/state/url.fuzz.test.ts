/**
 * Property-based fuzzing of the URL parser (fast-check): arbitrary and hostile query strings never
 * throw and always give values inside their ranges; every valid state round-trips exactly. The keys,
 * the ranges and the valid states all come from the property table (src/state/urlTable.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectiveSettings } from '../../src/math/objective';
import { DEFAULT_ARCHITECTURE, DECODERS, ENCODERS, MARGINALS } from '../../src/lib/vaeSpec';
import { DEFAULT_URL_STATE, parseUrl, serializeUrl, type UrlState } from '../../src/state/url';
import { type Codec, fits, getAt, type QueryCodec, setAt, type Spec } from '../../src/state/urlCodecs';
import { OBJECTIVE_PROPS } from '../../src/state/urlObjectives';
import { type Prop, URL_PROPS } from '../../src/state/urlTable';

/** The table's properties that carry a value. */
const ROWS = (URL_PROPS as readonly Prop[]).filter(
  (p): p is Prop & { path: string; codec: Codec<unknown> | QueryCodec<unknown> } => !!p.codec && !!p.path,
);
/** Model ids the m.<id> prefix is tried with (some fit a preset, some do not). */
const MODEL_IDS = ['elbo', 'target', 's3', 'r1', 'hand'];
const KEYS = ROWS.flatMap((p) => ('keys' in p.codec ? p.codec.keys : [p.key])).flatMap((k) =>
  k.endsWith('.') ? MODEL_IDS.map((id) => k + id) : [k],
);

const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.double().map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '-0',
    '0x10',
    '',
    ' ',
    '<script>alert(1)</script>',
    '%00',
    '__proto__',
    'constructor',
    '../../etc',
    '1,2,3',
    'seed,seed,export',
  ),
);
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string()), hostileValue), { maxLength: 15 })
  .map((pairs) => {
    const p = new URLSearchParams();
    for (const [k, v] of pairs) p.append(k, v);
    return `?${p.toString()}`;
  });

/** Every property's value fits its range, and so does every field of the objectives set on other models. */
function inLimits(s: UrlState): boolean {
  const edits = Object.values(s.settings.objectives).every((o: ObjectiveSettings) =>
    OBJECTIVE_PROPS.every((p) => fits(p.codec, o[p.field], undefined)),
  );
  return edits && ROWS.every((p) => fits(p.codec, getAt(s, p.path), getAt(DEFAULT_URL_STATE, p.path)));
}

const ID = fc.stringMatching(/^[a-z0-9-]{1,16}$/);
const FINITE = { noNaN: true, noDefaultInfinity: true } as const;

/** Valid values of a spec (the hand-written ones: an architecture's family, model edits). */
function arbitrary(spec: Spec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'number':
      return fc.double({ min: spec.min, max: spec.max, ...FINITE });
    case 'int':
      return spec.only ? fc.constantFrom(...spec.only) : fc.integer({ min: spec.min, max: spec.max });
    case 'bool':
      return fc.boolean();
    case 'id':
      return ID;
    case 'subset':
      return fc.uniqueArray(fc.constantFrom(...spec.values()), { maxLength: 4 });
    case 'vae':
      return fc
        .record({
          encoder: fc.constantFrom(...ENCODERS),
          decoder: fc.constantFrom(...DECODERS),
          marginal: fc.constantFrom(...MARGINALS),
        })
        .map((f) => ({ ...DEFAULT_ARCHITECTURE, ...f }));
    case 'model-edits':
      return fc.record({
        extra: fc.uniqueArray(
          fc.record({
            id: ID,
            from: ID,
            kind: fc.constantFrom('beta' as const, 'target-lagrange' as const),
            value: fc.double({ min: 0, max: 20, ...FINITE }),
          }),
          { maxLength: 3, selector: (e) => e.id },
        ),
        removed: fc.uniqueArray(ID, { maxLength: 3 }),
      });
    case 'edits':
      return fc.constant({});
  }
}

/** A valid state: every property drawn from its range (or absent, where it may be), in the table's order. */
const validState: fc.Arbitrary<UrlState> = fc
  .tuple(
    ...ROWS.map((p) => {
      const d = getAt(DEFAULT_URL_STATE, p.path);
      return 'maybe' in p.codec && p.codec.maybe
        ? fc.option(arbitrary(p.codec.spec), { nil: d })
        : arbitrary(p.codec.spec);
    }),
  )
  .map((values) => {
    const s = structuredClone(DEFAULT_URL_STATE);
    ROWS.forEach((p, i) => setAt(s, p.path, structuredClone(values[i])));
    return s;
  })
  // A value its property's check refuses given the others (the toy problem trains no MMD kind) is replaced,
  // with a notice.
  .filter((s) => ROWS.every((p) => p.check?.(getAt(s, p.path), s.settings, undefined) === undefined));

describe('URL parser under fuzzing', () => {
  it('never throws and always returns settings within limits (2,000 hostile queries)', () => {
    fc.assert(
      fc.property(query, (q) => inLimits(parseUrl(q).state)),
      { numRuns: 2000 },
    );
  });
  it('raw junk strings never throw (2,000 cases)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), (q) => inLimits(parseUrl(q).state)),
      { numRuns: 2000 },
    );
  });
  it('every valid state round-trips exactly with no notices (1,000 cases)', () => {
    fc.assert(
      fc.property(validState, (s) => {
        const { state, notices } = parseUrl(serializeUrl(s));
        expect(notices).toEqual([]);
        expect(state).toEqual(s);
      }),
      { numRuns: 1000 },
    );
  });
});
