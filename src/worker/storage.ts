/**
 * Where the worker keeps the current run so that a reload loses nothing: an IndexedDB store in
 * the browser (available inside workers), an in-memory one for tests. One record: the latest
 * experiment with its population snapshot (typed arrays, stored bit-for-bit by structured clone).
 */
import type { ExperimentConfig } from '../lib/experiment';
import type { HistoryState } from '../lib/history';
import type { TrainerSnapshot } from './trainer';
import type { BinaryImageSet } from '../data/binaryImages';

/** 2: the snapshot is a TrainerSnapshot (toy population or image runs). Older records are ignored. */
export const RUN_RECORD_VERSION = 2;

export interface RunRecord {
  version: number;
  savedAt: number;
  experiment: ExperimentConfig;
  snapshot: TrainerSnapshot;
  /** RD/metrics history per model id. */
  histories: Record<string, HistoryState>;
}

export interface RunStorage {
  load(): Promise<RunRecord | null>;
  save(record: RunRecord): Promise<void>;
  clear(): Promise<void>;
}

/** The same models (ids, kinds), family and seed: a stored run belongs to this experiment. */
export function sameExperiment(a: ExperimentConfig, b: ExperimentConfig): boolean {
  return (
    a.dataset === b.dataset &&
    a.family === b.family &&
    a.batchSize === b.batchSize &&
    a.seed === b.seed &&
    a.models.length === b.models.length &&
    a.models.every((m, i) => m.id === b.models[i]?.id && m.kind === b.models[i]?.kind && JSON.stringify(m.arch ?? null) === JSON.stringify(b.models[i]?.arch ?? null))
  );
}

export class MemoryStorage implements RunStorage {
  record: RunRecord | null = null;
  async load(): Promise<RunRecord | null> {
    return this.record;
  }
  async save(record: RunRecord): Promise<void> {
    this.record = structuredClone(record);
  }
  async clear(): Promise<void> {
    this.record = null;
  }
}

const DB_NAME = 'rd-explorer';
const STORE = 'runs';
const KEY = 'current';
/** The user's own image set, beside the run. */
const IMAGES_KEY = 'custom-images';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export class IndexedDbStorage implements RunStorage {
  private db: Promise<IDBDatabase> | null = null;

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

  async load(): Promise<RunRecord | null> {
    const rec = (await request((await this.store('readonly')).get(KEY))) as RunRecord | undefined;
    return rec && rec.version === RUN_RECORD_VERSION ? rec : null;
  }

  async save(record: RunRecord): Promise<void> {
    await request((await this.store('readwrite')).put(record, KEY));
  }

  async clear(): Promise<void> {
    await request((await this.store('readwrite')).delete(KEY));
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
