/**
 * Keeping runs in storage for the training session: when a save is due, loading the stored run
 * of an experiment, saving (a failure is reported once; training goes on and the other saved
 * runs stay), listing, deleting one run or all. The session decides what goes into a record; this module handles
 * storage and errors.
 */
import type { ExperimentConfig } from '../../lib/experiment';
import type { RunOwnership } from './ownership';
import type { FromWorker } from '../protocol';
import {
  recordBytes,
  recordStep,
  runKey,
  sameExperiment,
  type RunRecord,
  type RunStorage,
  type SavedRunInfo,
} from './storage';

/**
 * A running session saves its state at most this often (and whenever it pauses, and when the
 * page is hidden or closed, where the browser lets the worker finish): a closed tab loses at most
 * about this much training when the last save cannot land.
 */
export const SAVE_INTERVAL_MS = 1000;
/**
 * Saves may take at most this share of the time: a large run (several image VAEs with their
 * Adam state, tens of MB) that takes 1 s to save is saved every 20 s instead of every 5 s.
 */
export const SAVE_TIME_SHARE = 0.05;

/** What the user reads when a save fails; a full storage quota gets its own explanation. */
export function saveErrorMessage(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') {
    return (
      "The browser's storage is full, so this run was not saved. The last save is kept and training goes on; " +
      'export the run file, or delete saved data, to keep newer steps.'
    );
  }
  return `Could not save the run (training goes on; the last save is kept): ${(e as Error)?.message ?? String(e)}`;
}

export class RunKeeper {
  private lastSaveTime = 0;
  private lastSaveDuration = 0;
  private saveFailed = false;

  constructor(
    private readonly storage: RunStorage | null,
    private readonly post: (m: FromWorker) => void,
    private readonly now: () => number,
    /** Only the tab that owns a run writes it (null: this tab owns every run it opens). */
    private readonly ownership: RunOwnership | null = null,
  ) {}

  /**
   * Saves skipped because another tab owns the run (a test figure: it should stay 0 while this tab is told not to
   * train).
   */
  skippedWrites = 0;

  get enabled(): boolean {
    return this.storage !== null;
  }

  /** The write in progress (a save started while training goes on), null when none. */
  private writing: Promise<void> | null = null;

  /** Whether the save interval has passed since the last save (or restore, or delete), and no write is in progress. */
  get due(): boolean {
    return (
      this.writing === null &&
      this.now() - this.lastSaveTime >= Math.max(SAVE_INTERVAL_MS, this.lastSaveDuration / SAVE_TIME_SHARE)
    );
  }

  /** Resolves when no write is in progress. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** The stored run of this experiment, if any; read errors are reported and give null. */
  async load(experiment: ExperimentConfig): Promise<RunRecord | null> {
    if (!this.storage) return null;
    try {
      const rec = await this.storage.load(runKey(experiment));
      if (rec && sameExperiment(rec.experiment, experiment)) {
        this.lastSaveTime = this.now();
        return rec;
      }
    } catch (e) {
      this.post({ type: 'error', message: `Could not read the saved run: ${(e as Error).message}` });
    }
    return null;
  }

  /**
   * Save the record `build` makes; posts 'saved' and the run list, or reports a failure once (the
   * other saved runs stay). Saves are written one after another, in order. `wait`: 'written'
   * (default) returns when the record is stored; 'built' returns once it is built, and the write
   * (the structured clone and the storage's commit, most of a save's time) goes on while training
   * does; 'none' returns at once: `build` must take its state before its first await (a pool
   * whose workers answer the export in queue order, before the steps queued after it). `due`
   * stays false until the save ends.
   */
  async save(
    build: () => Promise<RunRecord>,
    { wait = 'written' }: { wait?: 'written' | 'built' | 'none' } = {},
  ): Promise<void> {
    if (!this.storage) return;
    if (this.writing) await this.settled();
    const started = this.now();
    this.lastSaveTime = started;
    let built: () => void = () => {};
    const isBuilt = new Promise<void>((r) => (built = r));
    const job = (async () => {
      let record: RunRecord;
      try {
        record = await build();
      } catch (e) {
        return this.failed(e);
      } finally {
        built();
      }
      try {
        await this.write(record);
        this.lastSaveDuration = this.now() - started;
        this.saveFailed = false;
      } catch (e) {
        this.failed(e);
      }
    })();
    const tracked: Promise<void> = job.finally(() => {
      if (this.writing === tracked) this.writing = null;
    });
    this.writing = tracked;
    if (wait === 'written') await this.settled();
    else if (wait === 'built') await isBuilt;
  }

  private failed(e: unknown): void {
    if (!this.saveFailed) this.post({ type: 'error', message: saveErrorMessage(e) });
    this.saveFailed = true;
  }

  /** Store `record` as its experiment's saved run; throws when storage fails (the caller reports it). */
  async replace(record: RunRecord): Promise<void> {
    if (!this.storage) throw new Error('this browser has no storage for runs');
    await this.settled();
    await this.write(record);
    this.lastSaveTime = this.now();
  }

  private async write(record: RunRecord): Promise<void> {
    const storage = this.storage as RunStorage;
    const key = runKey(record.experiment);
    if (this.ownership && !this.ownership.owns(key)) {
      this.skippedWrites += 1;
      throw new Error('this experiment is open in another tab, which owns its saved run');
    }
    const info: SavedRunInfo = {
      key,
      savedAt: record.savedAt,
      step: recordStep(record),
      bytes: recordBytes(record),
      label: record.label ?? 'saved run',
      query: record.query ?? '',
    };
    await storage.save(key, record, info);
    this.post({ type: 'saved', info: { step: info.step, bytes: info.bytes, savedAt: info.savedAt } });
    this.ownership?.announceList();
    await this.postList();
  }

  /** Delete the saved run of `experiment` (or the run with `key`); training goes on. */
  async delete(experiment: ExperimentConfig | null, key?: string): Promise<void> {
    if (!this.storage) return;
    const k = key ?? (experiment ? runKey(experiment) : null);
    if (k === null) return;
    await this.settled(); // a save still being written must not bring the run back after the delete
    const storage = this.storage;
    let done = true;
    if (this.ownership) done = await this.ownership.withKey(k, () => storage.remove(k));
    else await storage.remove(k);
    if (!done) {
      this.post({
        type: 'error',
        message: 'That run is open in another tab, which owns it: close it there (or delete it from that tab).',
      });
      return;
    }
    this.ownership?.announceList();
    if (experiment && k === runKey(experiment)) {
      this.lastSaveTime = this.now();
      this.post({ type: 'saved', info: null });
    }
    await this.postList();
  }

  /** Delete every saved run. */
  async clearAll(): Promise<void> {
    if (!this.storage) return;
    await this.settled();
    const storage = this.storage;
    if (this.ownership) {
      const ownership = this.ownership;
      let kept = 0;
      for (const info of await storage.list())
        if (!(await ownership.withKey(info.key, () => storage.remove(info.key)))) kept += 1;
      const one = kept === 1;
      if (kept > 0)
        this.post({
          type: 'notice',
          message: `${kept} saved run${one ? ' is' : 's are'} open in other tabs and ${one ? 'was' : 'were'} kept.`,
        });
      ownership.announceList();
    } else await storage.clearAll();
    this.lastSaveTime = this.now();
    this.post({ type: 'saved', info: null });
    await this.postList();
  }

  /** Post the saved-run list (errors are reported). */
  async postList(): Promise<void> {
    if (!this.storage) return;
    try {
      this.post({ type: 'saved-list', runs: await this.storage.list() });
    } catch (e) {
      this.post({ type: 'error', message: `Could not list the saved runs: ${(e as Error).message}` });
    }
  }
}
