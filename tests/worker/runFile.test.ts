/**
 * Run files: export → import round-trips bit for bit; the decoder never throws on arbitrary or
 * hostile input (fast-check, 1,000 cases of each kind); a file that fails any check — in the
 * decoder or when the worker rebuilds its models — leaves the saved run exactly as it was.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ExperimentSettings } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import { decodeRunFile, encodeRunFile } from '../../src/lib/runFile';
import { isValidSettings } from '../../src/state/url';
import type { FromWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session/session';
import { MemoryStorage } from '../../src/worker/saved/storage';
import { useCpu } from '../model/setup';

beforeAll(useCpu);

const settings: ExperimentSettings = { ...DEFAULT_SETTINGS, family: 'tabular' };

async function exportedRun(): Promise<{ text: string; session: TrainingSession; storage: MemoryStorage }> {
  const storage = new MemoryStorage();
  const session = new TrainingSession(
    (_m: FromWorker) => undefined,
    () => performance.now(),
    storage,
  );
  await session.configure(buildExperiment(settings).config);
  await session.stepOnce(7);
  const record = await session.saves.currentRecord();
  if (!record) throw new Error('no record');
  return { text: encodeRunFile(settings, buildExperiment(settings).config, record), session, storage };
}

describe('run files', () => {
  it('export → decode → import → restore: weights bitwise equal, step and histories kept', async () => {
    const { text, session } = await exportedRun();
    const before = await session.saves.currentRecord();
    const decoded = decodeRunFile(text, isValidSettings);
    if ('error' in decoded) throw new Error(decoded.error);
    const storage = new MemoryStorage();
    const target = new TrainingSession(
      () => undefined,
      () => performance.now(),
      storage,
    );
    expect(await target.saves.importRun(decoded.file.experiment, decoded.file.record as never)).toBeNull();
    expect(await target.configure(decoded.file.experiment, true)).toBe(true);
    const after = await target.saves.currentRecord();
    expect(target.step).toBe(7);
    const snapA = before?.snapshot;
    const snapB = after?.snapshot;
    if (snapA?.kind !== 'toy' || snapB?.kind !== 'toy') throw new Error('toy snapshots expected');
    snapA.population.params.forEach((p, i) =>
      expect(Buffer.from(snapB.population.params[i]!.buffer).equals(Buffer.from(p.buffer))).toBe(true),
    );
    expect(after?.histories).toEqual(before?.histories);
    session.dispose();
    target.dispose();
  });

  it('a file whose arrays do not fit the models passes the decoder but is refused by the rebuild; nothing changes', async () => {
    const { text, session, storage } = await exportedRun();
    await session.save();
    const saved = structuredClone(storage.record);
    const f = JSON.parse(text) as { record: { snapshot: { population: { params: unknown[] } } } };
    f.record.snapshot.population.params[0] = { $f32: 'AAAAAAAAAAA=' }; // two floats instead of the real size
    const decoded = decodeRunFile(JSON.stringify(f), isValidSettings);
    if ('error' in decoded) throw new Error(decoded.error);
    expect(await session.saves.importRun(decoded.file.experiment, decoded.file.record as never)).toMatch(
      /could not be rebuilt/,
    );
    expect(storage.record).toEqual(saved);
    expect('error' in decodeRunFile(text.replace('"version":1', '"version":9'), isValidSettings)).toBe(true);
    expect('error' in decodeRunFile(text.replace('rd-explorer/run', 'other'), isValidSettings)).toBe(true);
    session.dispose();
  });

  it('fuzz: arbitrary text and JSON never throw, and are refused (1,000 cases each)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => 'error' in decodeRunFile(t, isValidSettings)),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => 'error' in decodeRunFile(JSON.stringify(v), isValidSettings)),
      { numRuns: 1000 },
    );
  });

  it('fuzz: a valid file with one value replaced never throws, and the saved run is never changed by a refused import (1,000 cases)', async () => {
    const { text, session, storage } = await exportedRun();
    await session.save();
    const saved = structuredClone(storage.record);
    const valid = JSON.parse(text) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]): void => {
      paths.push(path);
      if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, [...path, k]));
    };
    walk(valid, []);
    const hostile = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        null,
        -1,
        1e308,
        'NaN',
        '',
        '__proto__',
        [],
        {},
        { $f32: 'AAAA' },
        { $f32: '!!' },
        { $f32: 'AAA' },
        2 ** 31,
        0.5,
      ),
    );
    let imported = 0;
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: paths.length - 1 }), hostile, async (k, value) => {
        const copy = JSON.parse(text) as Record<string, unknown>;
        const path = paths[k] as (string | number)[];
        let o = copy as Record<string | number, unknown>;
        for (const p of path.slice(0, -1)) o = o[p] as Record<string | number, unknown>;
        o[path[path.length - 1] as string | number] = value;
        const decoded = decodeRunFile(JSON.stringify(copy), isValidSettings);
        if ('error' in decoded) {
          expect(typeof decoded.error).toBe('string');
          return;
        }
        reached++;
        const error = await session.saves.importRun(decoded.file.experiment, decoded.file.record as never);
        if (error === null) {
          imported++;
          storage.record = structuredClone(saved); // an accepted file may replace it: put it back
        } else expect(storage.record).toEqual(saved);
      }),
      { numRuns: 1000 },
    );
    expect(imported).toBeLessThan(1000);
    console.log(
      `run-file fuzz: ${reached} of 1000 mutated files passed the decoder and reached the rebuild; ${imported} were accepted`,
    );
    expect(reached).toBeGreaterThan(0);
    session.dispose();
  }, 300_000);
});
