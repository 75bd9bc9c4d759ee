/**
 * The service worker (built by vite-plugin-pwa): registered once the page has loaded; when a new
 * build is deployed it waits, and `updateReady` says so until the user reloads onto it
 * (applyUpdate). Subscribable for React's useSyncExternalStore.
 */
import { registerSW } from 'virtual:pwa-register';

let update: ((reload?: boolean) => Promise<void>) | null = null;
let ready = false;
let offline = false;
const listeners = new Set<() => void>();
const emit = (): void => listeners.forEach((l) => l());

/** Register the service worker (no-op where the browser has none, e.g. an insecure origin). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  update = registerSW({
    onNeedRefresh() {
      ready = true;
      emit();
    },
    onOfflineReady() {
      offline = true;
      emit();
    },
  });
}

export const serviceWorkerState = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** 'update': a new build waits; 'offline': this build is cached for use without network (said once); null otherwise. */
  get(): 'update' | 'offline' | null {
    return ready ? 'update' : offline ? 'offline' : null;
  },
  dismiss(): void {
    ready = false;
    offline = false;
    emit();
  },
};

/** Reload onto the waiting build (the running training saves first: the page's pagehide handler). */
export function applyUpdate(): void {
  void update?.(true);
}
