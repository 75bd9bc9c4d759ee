import { describe, expect, it } from 'vitest';
import { buildExperiment, DEFAULT_SETTINGS } from '../../src/lib/experiment';
import type { FromWorker } from '../../src/worker/protocol';
import { RunKeeper } from '../../src/worker/runKeeper';
import { MemoryStorage, RUN_RECORD_VERSION, type RunRecord } from '../../src/worker/storage';

/** A storage whose quota runs out after the first save. */
class FullStorage extends MemoryStorage {
  saves = 0;
  override async save(record: RunRecord): Promise<void> {
    if (this.saves++ > 0) throw Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });
    await super.save(record);
  }
}

const record = (step: number): RunRecord => ({
  version: RUN_RECORD_VERSION,
  savedAt: step,
  experiment: buildExperiment(DEFAULT_SETTINGS).config,
  snapshot: { kind: 'image', step, runs: [] },
  histories: {},
});

describe('RunKeeper', () => {
  it('a full storage quota: one clear message, the last save kept, later saves still tried', async () => {
    const messages: FromWorker[] = [];
    const storage = new FullStorage();
    const keeper = new RunKeeper(storage, (m) => messages.push(m), () => 0);
    await keeper.save(async () => record(1));
    await keeper.save(async () => record(2));
    await keeper.save(async () => record(3));
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: expect.stringMatching(/storage is full.*last save is kept.*training goes on/) });
    expect(storage.record?.savedAt).toBe(1);
    expect(storage.saves).toBe(3);
  });
});
