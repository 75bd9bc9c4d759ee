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
  /** Whether the browser granted persistent storage (null: not asked yet); false where the browser has no such API. */
  persisted: boolean | null;
  /** Whether the browser can be asked for persistent storage at all (WebKitGTK, for one, cannot). */
  persistable: boolean;
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
  const persistable = typeof navigator.storage?.persist === 'function';
  const [info, setInfo] = useState<StorageInfo>({
    usage: null,
    quota: null,
    persisted: persistable ? null : false,
    persistable,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is a trigger (re-read the estimate), not read
  useEffect(() => {
    let live = true;
    void (async () => {
      const s = navigator.storage;
      const persisted = !persistable
        ? false
        : kept
          ? await askPersist()
          : s.persisted
            ? await s.persisted().catch(() => null)
            : null;
      const e = s?.estimate ? await s.estimate().catch(() => null) : null;
      if (live) setInfo({ usage: e?.usage ?? null, quota: e?.quota ?? null, persisted, persistable });
    })();
    return () => {
      live = false;
    };
  }, [kept, version, persistable]);
  return info;
}

/** Bytes as MB or GB, for the saved-runs panel. */
export function formatBytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`;
}
