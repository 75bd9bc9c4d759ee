/**
 * Keeping the current run in storage for the training session: when a save is due, loading a
 * stored run of the same experiment, saving (a failure is reported once; training goes on) and
 * deleting. The session decides what goes into a record; this module handles storage and errors.
 */
import type { ExperimentConfig } from '../lib/experiment';
import type { FromWorker } from './protocol';
import { recordBytes, sameExperiment, type RunRecord, type RunStorage } from './storage';

/** A running session saves its state at most this often (and whenever it pauses). */
export const SAVE_INTERVAL_MS = 5000;
/**
 * Saves may take at most this share of the time: a large run (several image VAEs with their
 * Adam state, tens of MB) that takes 1 s to save is saved every 20 s instead of every 5 s.
 */
export const SAVE_TIME_SHARE = 0.05;

/** What the user reads when a save fails; a full storage quota gets its own explanation. */
export function saveErrorMessage(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') {
    return "The browser's storage is full, so this run was not saved. The last save is kept and training goes on; export the run file, or delete saved data, to keep newer steps.";
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
  ) {}

  get enabled(): boolean {
    return this.storage !== null;
  }

  /** Whether the save interval has passed since the last save (or restore, or delete). */
  get due(): boolean {
    return this.now() - this.lastSaveTime >= Math.max(SAVE_INTERVAL_MS, this.lastSaveDuration / SAVE_TIME_SHARE);
  }

  /** The stored run if it belongs to this experiment; read errors are reported and give null. */
  async load(experiment: ExperimentConfig): Promise<RunRecord | null> {
    if (!this.storage) return null;
    try {
      const rec = await this.storage.load();
      if (rec && sameExperiment(rec.experiment, experiment)) {
        this.lastSaveTime = this.now();
        return rec;
      }
    } catch (e) {
      this.post({ type: 'error', message: `Could not read the saved run: ${(e as Error).message}` });
    }
    return null;
  }

  /** Save the record `build` makes; posts 'saved', or reports a failure once. */
  async save(build: () => Promise<RunRecord>): Promise<void> {
    if (!this.storage) return;
    this.lastSaveTime = this.now();
    try {
      const record = await build();
      await this.storage.save(record);
      this.lastSaveDuration = this.now() - this.lastSaveTime;
      this.saveFailed = false;
      this.post({ type: 'saved', info: { step: record.snapshot.kind === 'toy' ? record.snapshot.population.step : record.snapshot.step, bytes: recordBytes(record), savedAt: record.savedAt } });
    } catch (e) {
      if (!this.saveFailed) this.post({ type: 'error', message: saveErrorMessage(e) });
      this.saveFailed = true;
    }
  }

  /** Store `record` as the saved run; throws when storage fails (the caller reports it). */
  async replace(record: RunRecord): Promise<void> {
    if (!this.storage) throw new Error('this browser has no storage for runs');
    await this.storage.save(record);
    this.lastSaveTime = this.now();
    this.post({ type: 'saved', info: { step: record.snapshot.kind === 'toy' ? record.snapshot.population.step : record.snapshot.step, bytes: recordBytes(record), savedAt: record.savedAt } });
  }

  async delete(): Promise<void> {
    if (!this.storage) return;
    await this.storage.clear();
    this.lastSaveTime = this.now();
    this.post({ type: 'saved', info: null });
  }
}
