/** Says when a new build of the app is ready, with a Reload that brings it in. */
import { useSyncExternalStore } from 'react';
import { applyUpdate, serviceWorkerState } from '../dom/serviceWorker';

export function UpdatePrompt() {
  const ready = useSyncExternalStore(serviceWorkerState.subscribe, serviceWorkerState.updateReady);
  if (!ready) return null;
  return (
    <p className="notice update" role="status" data-testid="update-prompt">
      A new version of the explorer is available.{' '}
      <button type="button" data-testid="update-reload" onClick={applyUpdate}>
        Reload to update
      </button>{' '}
      <button type="button" onClick={() => serviceWorkerState.dismiss()} aria-label="dismiss">
        ×
      </button>
    </p>
  );
}

/** Whether this browser keeps the app for use without network (for the saved-runs panel). */
export function useOfflineReady(): boolean {
  return useSyncExternalStore(serviceWorkerState.subscribe, serviceWorkerState.offlineReady);
}
