/** Says when a new build of the app is ready (reload onto it) and when this one works offline. */
import { useSyncExternalStore } from 'react';
import { applyUpdate, serviceWorkerState } from '../dom/serviceWorker';

export function UpdatePrompt() {
  const state = useSyncExternalStore(serviceWorkerState.subscribe, serviceWorkerState.get);
  if (state === null) return null;
  return (
    <p className="notice update" role="status" data-testid={state === 'update' ? 'update-prompt' : 'offline-ready'}>
      {state === 'update' ? 'A new version of the explorer is available.' : 'The explorer is saved in this browser: it opens and trains without network.'}{' '}
      {state === 'update' && <button data-testid="update-reload" onClick={applyUpdate}>Reload to update</button>}{' '}
      <button onClick={() => serviceWorkerState.dismiss()} aria-label="dismiss">×</button>
    </p>
  );
}
