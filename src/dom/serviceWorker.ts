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
    onRegisteredSW() {
      emit();
    },
  });
}

export const serviceWorkerState = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** A new build waits for the user's Reload. */
  updateReady(): boolean {
    return ready;
  },
  /** The app is cached for use without network (just precached, or served by a service worker). */
  offlineReady(): boolean {
    return offline || (typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller);
  },
  dismiss(): void {
    ready = false;
    emit();
  },
};

/** Reload onto the waiting build (the running training saves first: the page's pagehide handler). */
export function applyUpdate(): void {
  // Workbox reloads only a page that a service worker controlled when it registered; a first visit reloads on the
  // hand-over itself.
  navigator.serviceWorker?.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void update?.(true);
}
