import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ExperimentSettings } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import type { FromWorker, SavedRunInfo } from '../../src/worker/protocol';
import { RunKeeper } from '../../src/worker/saved/runKeeper';
import { MemoryStorage, RUN_RECORD_VERSION, runKey, type RunRecord } from '../../src/worker/saved/storage';

/** A storage whose quota runs out after the first save. */
class FullStorage extends MemoryStorage {
  saves = 0;
  override async save(key: string, record: RunRecord, info: SavedRunInfo): Promise<void> {
    if (this.saves++ > 0) throw Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });
    await super.save(key, record, info);
  }
}

/** A storage whose writes land only when the test releases them. */
class SlowStorage extends MemoryStorage {
  private gates: (() => void)[] = [];
  override async save(key: string, record: RunRecord, info: SavedRunInfo): Promise<void> {
    await new Promise<void>((r) => this.gates.push(r));
    await super.save(key, record, info);
  }
  release(): void {
    this.gates.splice(0).forEach((r) => r());
  }
  get waiting(): number {
    return this.gates.length;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

const record = (step: number, settings: ExperimentSettings = DEFAULT_SETTINGS, label = 'run'): RunRecord => ({
  version: RUN_RECORD_VERSION,
  savedAt: step,
  experiment: buildExperiment(settings).config,
  snapshot: { kind: 'image', step, runs: [] },
  histories: {},
  label,
  query: `?seed=${settings.seed}`,
});

describe('RunKeeper', () => {
  it('a full storage quota: one clear message, the last save kept, later saves still tried', async () => {
    const messages: FromWorker[] = [];
    const storage = new FullStorage();
    const keeper = new RunKeeper(
      storage,
      (m) => messages.push(m),
      () => 0,
    );
    await keeper.save(async () => record(1));
    await keeper.save(async () => record(2));
    await keeper.save(async () => record(3));
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(/storage is full.*last save is kept.*training goes on/),
    });
    expect(storage.record?.savedAt).toBe(1);
    expect(storage.saves).toBe(3);
  });

  it('keeps one run per experiment: listed newest first with size and label; delete one; clear all', async () => {
    const messages: FromWorker[] = [];
    const storage = new MemoryStorage();
    const keeper = new RunKeeper(
      storage,
      (m) => messages.push(m),
      () => 0,
    );
    const a = { ...DEFAULT_SETTINGS, seed: 1 };
    const b = { ...DEFAULT_SETTINGS, seed: 2 };
    expect(runKey(buildExperiment(a).config)).not.toBe(runKey(buildExperiment(b).config));
    await keeper.save(async () => record(5, a, 'A'));
    await keeper.save(async () => record(9, b, 'B'));
    await keeper.save(async () => record(12, a, 'A')); // same experiment: replaces its run
    const lists = messages.filter((m): m is Extract<FromWorker, { type: 'saved-list' }> => m.type === 'saved-list');
    const last = lists[lists.length - 1]?.runs ?? [];
    expect(last.map((r) => [r.label, r.step])).toEqual([
      ['A', 12],
      ['B', 9],
    ]);
    expect(last.every((r) => r.bytes > 0 && r.query.startsWith('?seed='))).toBe(true);
    expect((await keeper.load(buildExperiment(a).config))?.savedAt).toBe(12);
    await keeper.delete(buildExperiment(a).config);
    expect(await keeper.load(buildExperiment(a).config)).toBeNull();
    expect((await keeper.load(buildExperiment(b).config))?.savedAt).toBe(9);
    expect(messages.some((m) => m.type === 'saved' && m.info === null)).toBe(true);
    await keeper.save(async () => record(20, a, 'A'));
    await keeper.delete(null, runKey(buildExperiment(b).config));
    expect((await storage.list()).map((r) => r.label)).toEqual(['A']);
    await keeper.clearAll();
    expect(await storage.list()).toEqual([]);
    expect(await keeper.load(buildExperiment(a).config)).toBeNull();
  });

  it('a save that does not wait: returns once built (or at once), is not due again while writing, and a delete meanwhile is not undone by it', async () => {
    const storage = new SlowStorage();
    let t = 0;
    const keeper = new RunKeeper(
      storage,
      () => {},
      () => t,
    );
    const exp = buildExperiment(DEFAULT_SETTINGS).config;
    t = 10_000;
    await keeper.save(async () => record(1), { wait: 'built' });
    expect(storage.waiting).toBe(1); // the write is under way, the save has returned
    t = 20_000;
    expect(keeper.due).toBe(false); // no second save while one is being written
    const deleted = keeper.delete(exp);
    await flush();
    storage.release();
    await deleted;
    expect(await keeper.load(exp)).toBeNull();
    t = 1_000_000; // the interval also keeps saves to 5 % of the time (that write took 10 s of this clock)
    expect(keeper.due).toBe(true);
    // Two saves in a row: written in order, the newer one kept.
    // 'none': returns before the record is built (build is called at once, so it can take its state then).
    let finishBuild: () => void = () => {};
    let buildCalled = false;
    await keeper.save(
      async () => {
        buildCalled = true;
        await new Promise<void>((r) => (finishBuild = r));
        return record(2);
      },
      { wait: 'none' },
    );
    expect(buildCalled).toBe(true);
    expect(storage.waiting).toBe(0);
    finishBuild();
    const second = keeper.save(async () => record(3));
    await flush();
    storage.release();
    await flush();
    storage.release();
    await second;
    expect((await keeper.load(exp))?.savedAt).toBe(3);
  });
});
