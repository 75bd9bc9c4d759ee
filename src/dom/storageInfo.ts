/**
 * The browser's storage for saved runs: asks once for persistent storage (so runs are not
 * evicted under storage pressure) when the first run is saved, and reads usage and quota
 * (navigator.storage.estimate(), bytes) whenever the saved runs change.
 */
import { useEffect, useState } from 'react';

export interface StorageInfo {
  /** Bytes this origin uses and may use (the browser's estimate). */
  usage: number | null;
  quota: number | null;
  /** Whether the browser granted persistent storage (null: not asked yet, or no such API). */
  persisted: boolean | null;
}

let asked: Promise<boolean> | null = null;

/** Ask for persistent storage once per page (Chromium grants it to sites the user engages with, without a prompt). */
function askPersist(): Promise<boolean> {
  asked ??= navigator.storage?.persist ? navigator.storage.persist().catch(() => false) : Promise.resolve(false);
  return asked;
}

/**
 * Storage usage, quota and persistence; `kept` (a run is saved) triggers the one request for persistence; `version`
 * re-reads the estimate.
 */
export function useStorageInfo(kept: boolean, version: unknown): StorageInfo {
  const [info, setInfo] = useState<StorageInfo>({ usage: null, quota: null, persisted: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is a trigger (re-read the estimate), not read
  useEffect(() => {
    let live = true;
    void (async () => {
      const s = navigator.storage;
      if (!s?.estimate) return;
      const persisted = kept ? await askPersist() : s.persisted ? await s.persisted().catch(() => null) : null;
      const e = await s.estimate().catch(() => null);
      if (live) setInfo({ usage: e?.usage ?? null, quota: e?.quota ?? null, persisted });
    })();
    return () => {
      live = false;
    };
  }, [kept, version]);
  return info;
}

/** Bytes as MB or GB, for the saved-runs panel. */
export function formatBytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`;
}
