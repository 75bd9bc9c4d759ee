/**
 * Where the worker keeps runs so that a reload loses nothing: an IndexedDB store in the browser
 * (available inside workers), an in-memory one for tests. One record per experiment (its key is
 * a hash of the experiment's identity) with its trainer snapshot (typed arrays, stored bit-for-bit
 * by structured clone), and beside it a small list entry (label, step, size) for the run list.
 */
import type { ExperimentConfig } from '../../lib/experiment';
import type { HistoryState } from '../../lib/history';
import type { SavedRunInfo, TrainerSnapshot } from '../protocol';
import type { BinaryImageSet } from '../../data/binaryImages';

/** 2: the snapshot is a TrainerSnapshot (toy population or image models). Older records are ignored. */
export const RUN_RECORD_VERSION = 2;

export interface RunRecord {
  version: number;
  savedAt: number;
  experiment: ExperimentConfig;
  snapshot: TrainerSnapshot;
  /** RD/metrics history per model id. */
  histories: Record<string, HistoryState>;
  /** What the saved-run list shows, and the URL query that reopens the experiment (absent in older records). */
  label?: string;
  query?: string;
}

/** One entry of the saved-run list (kept beside each record so listing never reads the weights). */
export type { SavedRunInfo };

/** Several runs, one per experiment (key: runKey), each with its list entry. */
export interface RunStorage {
  load(key: string): Promise<RunRecord | null>;
  save(key: string, record: RunRecord, info: SavedRunInfo): Promise<void>;
  remove(key: string): Promise<void>;
  list(): Promise<SavedRunInfo[]>;
  /** Delete every saved run (the user's own images stay). */
  clearAll(): Promise<void>;
}

/** The same models (ids, kinds), family and seed: a stored run belongs to this experiment. */
export function sameExperiment(a: ExperimentConfig, b: ExperimentConfig): boolean {
  return runIdentity(a) === runIdentity(b);
}

function runIdentity(e: ExperimentConfig): string {
  const id = [e.dataset, e.family, e.batchSize, e.seed, e.models.map((m) => [m.id, m.kind, m.arch ?? null])];
  // A copy has its own saved run; the experiment itself keeps the key it always had.
  return JSON.stringify(e.copy ? [...id, e.copy] : id);
}

/** The storage key of an experiment's run: a hash (FNV-1a, 32 bit) of what sameExperiment compares. */
export function runKey(e: ExperimentConfig): string {
  let h = 0x811c9dc5;
  for (const ch of runIdentity(e)) h = Math.imul(h ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return `run-${h.toString(16).padStart(8, '0')}`;
}

/** The step a record was saved at. */
export function recordStep(r: RunRecord): number {
  return r.snapshot.kind === 'toy' ? r.snapshot.population.step : r.snapshot.step;
}

export class MemoryStorage implements RunStorage {
  readonly records = new Map<string, RunRecord>();
  readonly infos = new Map<string, SavedRunInfo>();
  private lastKey: string | null = null;
  async load(key: string): Promise<RunRecord | null> {
    return this.records.get(key) ?? null;
  }
  async save(key: string, record: RunRecord, info: SavedRunInfo): Promise<void> {
    this.records.set(key, structuredClone(record));
    this.infos.set(key, { ...info });
    this.lastKey = key;
  }
  async remove(key: string): Promise<void> {
    this.records.delete(key);
    this.infos.delete(key);
  }
  async list(): Promise<SavedRunInfo[]> {
    return [...this.infos.values()].sort((a, b) => b.savedAt - a.savedAt);
  }
  async clearAll(): Promise<void> {
    this.records.clear();
    this.infos.clear();
  }
  /** Test convenience: the most recently saved record (null once removed). */
  get record(): RunRecord | null {
    return this.lastKey === null ? null : (this.records.get(this.lastKey) ?? null);
  }
  set record(r: RunRecord | null) {
    if (r === null) {
      if (this.lastKey !== null) this.records.delete(this.lastKey);
      return;
    }
    this.lastKey = runKey(r.experiment);
    this.records.set(this.lastKey, structuredClone(r));
  }
}

const DB_NAME = 'rd-explorer';
const STORE = 'runs';
/** Where version 1 of the app kept its one saved run (moved to its key on first use). */
const LEGACY_KEY = 'current';
const META = 'meta:';
/** The user's own image set, beside the runs. */
const IMAGES_KEY = 'custom-images';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export class IndexedDbStorage implements RunStorage {
  private db: Promise<IDBDatabase> | null = null;
  private migrated: Promise<void> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const r = indexedDB.open(DB_NAME, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB unavailable'));
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  /** Move a run saved by the one-run version under its own key, once. */
  private migrate(): Promise<void> {
    this.migrated ??= (async () => {
      const old = (await request((await this.store('readonly')).get(LEGACY_KEY))) as RunRecord | undefined;
      if (!old) return;
      if (old.version === RUN_RECORD_VERSION) {
        const key = runKey(old.experiment);
        await this.save(key, old, {
          key,
          savedAt: old.savedAt,
          step: recordStep(old),
          bytes: recordBytes(old),
          label: old.label ?? 'saved run',
          query: old.query ?? '',
        });
      }
      await request((await this.store('readwrite')).delete(LEGACY_KEY));
    })().catch(() => undefined);
    return this.migrated;
  }

  async load(key: string): Promise<RunRecord | null> {
    await this.migrate();
    const rec = (await request((await this.store('readonly')).get(key))) as RunRecord | undefined;
    return rec && rec.version === RUN_RECORD_VERSION ? rec : null;
  }

  async save(key: string, record: RunRecord, info: SavedRunInfo): Promise<void> {
    // One transaction: the record and its list entry are written together or not at all.
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.put(record, key);
    store.put(info, META + key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }

  async remove(key: string): Promise<void> {
    const store = await this.store('readwrite');
    await Promise.all([request(store.delete(key)), request(store.delete(META + key))]);
  }

  async list(): Promise<SavedRunInfo[]> {
    await this.migrate();
    const infos = (await request(
      (await this.store('readonly')).getAll(IDBKeyRange.bound(META, `${META}\uffff`)),
    )) as SavedRunInfo[];
    return infos.sort((a, b) => b.savedAt - a.savedAt);
  }

  async clearAll(): Promise<void> {
    const infos = await this.list();
    for (const i of infos) await this.remove(i.key);
  }

  async saveImages(set: BinaryImageSet): Promise<void> {
    await request((await this.store('readwrite')).put(set, IMAGES_KEY));
  }

  async loadImages(): Promise<BinaryImageSet | null> {
    return ((await request((await this.store('readonly')).get(IMAGES_KEY))) as BinaryImageSet | undefined) ?? null;
  }
}

/** Approximate size of a record on disk: its typed arrays plus its JSON-like parts. */
export function recordBytes(record: RunRecord): number {
  let arrays = 0;
  const rest = JSON.stringify(record, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      arrays += value.byteLength;
      return null;
    }
    return value;
  }).length;
  return arrays + rest;
}
