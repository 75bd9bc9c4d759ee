/**
 * Runner files into read-only runs (src/lib/runLines.ts, src/state/importedRuns.ts): a file the
 * runner wrote parses to its points (held-out R and D for image lines); anything else is refused
 * with a reason, and a refused file changes nothing in the store.
 */
import { describe, expect, it } from 'vitest';
import { headerLine } from '../../src/cli/runLog';
import { onPlanesOf, parseRunLines, RUN_LINES_SCHEMA } from '../../src/lib/runLines';
import { createImportedRunsStore } from '../../src/state/importedRuns';

const header = (settings: unknown) => headerLine(['--beta', '0.3'], settings);
const toy = [
  header({ preset: 'toy', objective: { kind: 'beta', beta: 0.3 } }),
  JSON.stringify({ step: 0, rate: 1, distortion: 3 }),
  JSON.stringify({ step: 100, rate: 0.5, distortion: 2.9, final: true }),
].join('\n');

describe('runner files', () => {
  it('parse: label from the objective, the points in order, the code version', () => {
    const r = parseRunLines('b.jsonl', toy);
    if ('error' in r) throw new Error(r.error);
    expect(r.run).toMatchObject({
      label: 'b.jsonl: beta β = 0.3',
      dataset: 'toy',
      points: [
        { step: 0, rateNats: 1, distortionNats: 3 },
        { step: 100, rateNats: 0.5, distortionNats: 2.9 },
      ],
    });
    expect(r.run.code).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('image lines use the held-out R and D where they have them', () => {
    const text = [
      header({ preset: 'mnist', objective: { kind: 'elbo' } }),
      JSON.stringify({ step: 10, rate: 5, distortion: 100 }),
      JSON.stringify({ step: 20, rate: 6, distortion: 90, testRate: 7, testDistortion: 95 }),
    ].join('\n');
    const r = parseRunLines('m.jsonl', text);
    if ('error' in r) throw new Error(r.error);
    expect(r.run.points).toEqual([
      { step: 10, rateNats: 5, distortionNats: 100 },
      { step: 20, rateNats: 7, distortionNats: 95 },
    ]);
    // A file without --images was on the small set; with it, on the planes of its image source.
    expect(r.run.dataset).toBe('mnist');
    const s = parseRunLines(
      's.jsonl',
      [
        header({ preset: 'mnist', image: { images: 'static-mnist' }, objective: { kind: 'elbo' } }),
        JSON.stringify({ step: 1, rate: 1, distortion: 90 }),
      ].join('\n'),
    );
    if ('error' in s) throw new Error(s.error);
    expect(s.run.dataset).toBe('static-mnist');
    expect([onPlanesOf(s.run, 'static-mnist'), onPlanesOf(s.run, 'mnist'), onPlanesOf(r.run, 'mnist')]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('refuses what is not a runner file, with a reason', () => {
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['not json', /not JSON/],
      [JSON.stringify({ schema: 'something-else' }), /not a runner file/],
      [JSON.stringify({ schema: RUN_LINES_SCHEMA, version: 99, settings: { preset: 'toy' } }), /version 99/],
      [header({ preset: 'nope' }), /no preset/],
      [header({ preset: 'toy' }), /no reports/],
      [`${header({ preset: 'toy' })}\n{"step": 1, "rate": null, "distortion": 2}`, /line 2 has no finite rate/],
      [`${header({ preset: 'toy' })}\n{"step": -1, "rate": 1, "distortion": 2}`, /line 2 has no step/],
      [`${header({ preset: 'toy' })}\n{"step": 1, "rate": 1, "distortion": 2}\n{oops`, /line 3 is not JSON/],
    ];
    for (const [text, why] of bad) {
      const r = parseRunLines('x', text);
      expect('error' in r && r.error).toMatch(why);
    }
  });

  it('the store: a bad file changes nothing; the same name twice gets two ids; remove', () => {
    const s = createImportedRunsStore();
    expect(s.getState().add('x.jsonl', 'garbage')).toMatch(/not JSON/);
    expect(s.getState().runs).toEqual([]);
    expect(s.getState().add('b.jsonl', toy)).toBeNull();
    expect(s.getState().add('b.jsonl', toy)).toBeNull();
    expect(s.getState().runs.map((r) => r.id)).toEqual(['file:b.jsonl', 'file:b.jsonl#2']);
    s.getState().remove('file:b.jsonl');
    expect(s.getState().runs.map((r) => r.id)).toEqual(['file:b.jsonl#2']);
  });
});
