/**
 * The training worker's entry: owns tfjs. Lifecycle: load → choose backend (measured warm-up) →
 * ready → configure experiment → stream reports. Message handling lives in host.ts.
 */
/// <reference lib="webworker" />
// tfjs-core first: it registers tfjs's flags, which registering the gradients reads. The dev server's
// pre-bundle (npm start) splits the two into chunks that otherwise ran in the wrong order, and the
// worker failed to load ("Cannot evaluate flag 'DEBUG'").
import '@tensorflow/tfjs-core';
// The image models train with tfjs autodiff (the toy's gradients are analytic).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { chooseBackend } from './backends/chooseBackend';
import { WorkerHost } from './host';
import type { FromWorker, ToWorker } from './protocol';
import { RunOwnership } from './saved/ownership';
import { IndexedDbStorage } from './saved/storage';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);
const host = new WorkerHost({
  post,
  storage: typeof indexedDB === 'undefined' ? null : new IndexedDbStorage(),
  selfHref: self.location.href,
  // One tab owns a saved run (Web Locks); the channel also keeps every tab's saved-run list current.
  ownership: (events) =>
    new RunOwnership(
      'locks' in navigator ? navigator.locks : null,
      typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('rd-explorer-runs'),
      crypto.randomUUID(),
      events,
    ),
  chooseBackend,
  // The training pool: pool workers, each with its own tfjs (nested dedicated workers).
  createPoolWorker: () => new Worker(new URL('./pool/poolWorkerMain.ts', import.meta.url), { type: 'module' }),
  cores: navigator.hardwareConcurrency || 1,
});

self.onmessage = (event: MessageEvent<ToWorker>) => void host.dispatch(event.data);
