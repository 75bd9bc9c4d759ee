/**
 * Every run saved in this browser (one per experiment, newest first): label, step, size on disk
 * and time; open one (its link reloads the page on it, restored paused), delete one, or clear all
 * with confirmation. The current experiment's run is marked. Training is never interrupted.
 */
import { useEffect, useState } from 'react';
import { appLink } from '../state/debugHandle';
import { formatBytes, useStorageInfo } from '../dom/storageInfo';
import { browserCaveats } from '../dom/browserCaveats';
import { useController, useSession } from '../state/react';
import { useOfflineReady } from './UpdatePrompt';

export function SavedRuns() {
  const c = useController();
  const runs = useSession((s) => s.savedRuns);
  const saved = useSession((s) => s.saved);
  const [confirm, setConfirm] = useState<'all' | string | null>(null);
  useEffect(() => c.saved.list(), [c]);
  const total = runs.reduce((s, r) => s + r.bytes, 0);
  const storage = useStorageInfo(saved !== null, runs);
  const offline = useOfflineReady();
  // The current run is the one whose step and time match the latest 'saved' message.
  const isCurrent = (savedAt: number): boolean => saved !== null && saved.savedAt === savedAt;
  return (
    <section className="saved-runs" aria-label="Saved runs">
      <h2>
        Saved runs{' '}
        <small>
          ({runs.length}, {(total / 1024 / 1024).toFixed(2)} MB)
        </small>
      </h2>
      <p className="saved" data-testid="saved-run">
        {saved
          ? `this run: step ${saved.step} · ${(saved.bytes / 1024).toFixed(1)} KB · ` +
            new Date(saved.savedAt).toLocaleTimeString()
          : 'this run: nothing saved yet (saves every second while training, more rarely for large runs, and on pause)'}
      </p>
      <p className="storage-info" data-testid="storage-info" data-persisted={String(storage.persisted)}>
        {storage.usage !== null && storage.quota !== null
          ? `browser storage: ${formatBytes(storage.usage)} used of ${formatBytes(storage.quota)}`
          : 'browser storage: size unknown'}
        {' · '}
        {storage.persisted === true
          ? 'persistent: the browser keeps it under storage pressure'
          : storage.persisted === false
            ? `not persistent${storage.persistable ? '' : ' (this browser offers no persistent storage)'}: ` +
              'the browser may clear it when space runs low (export a run file to keep it)'
            : 'asks to be persistent once a run is saved'}
        {offline && (
          <span data-testid="offline-ready"> · the app itself is kept too: it opens and trains without network</span>
        )}
      </p>
      {browserCaveats(navigator).map((text) => (
        <p key={text} className="storage-info" data-testid="browser-caveat">
          {text}
        </p>
      ))}
      {runs.length > 0 && (
        <ul className="saved-list" data-testid="saved-list">
          {runs.map((r) => (
            <li key={r.key} data-testid="saved-item" className={isCurrent(r.savedAt) ? 'current' : undefined}>
              <span className="saved-label">{r.label}</span>{' '}
              <small>
                step {r.step} · {(r.bytes / 1024).toFixed(1)} KB · {new Date(r.savedAt).toLocaleString()}
              </small>{' '}
              {!isCurrent(r.savedAt) && r.query && (
                <a href={appLink(r.query)} data-testid="saved-open">
                  open
                </a>
              )}{' '}
              {confirm === r.key ? (
                <>
                  <button
                    type="button"
                    data-testid="confirm-delete"
                    onClick={() => {
                      c.saved.delete(r.key);
                      setConfirm(null);
                    }}
                  >
                    Delete
                  </button>
                  <button type="button" onClick={() => setConfirm(null)}>
                    Keep
                  </button>
                </>
              ) : (
                <button type="button" data-testid="delete-saved" onClick={() => setConfirm(r.key)}>
                  delete…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {runs.length > 0 && confirm !== 'all' && (
        <button type="button" data-testid="clear-saved" onClick={() => setConfirm('all')}>
          Clear all saved runs…
        </button>
      )}
      {confirm === 'all' && (
        <p className="confirm" role="alertdialog" aria-label="Confirm clear all">
          Delete all {runs.length} saved runs ({(total / 1024 / 1024).toFixed(2)} MB)? Reloads will then start from
          their seeds.{' '}
          <button
            type="button"
            data-testid="confirm-clear"
            onClick={() => {
              c.saved.clearAll();
              setConfirm(null);
            }}
          >
            Delete all
          </button>{' '}
          <button type="button" onClick={() => setConfirm(null)}>
            Keep
          </button>
        </p>
      )}
    </section>
  );
}
