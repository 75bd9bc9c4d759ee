/**
 * A pool worker's entry: one worker of the training pool, with its own tfjs. It trains the block
 * of models the training worker (the pool's coordinator) gives it; message handling is in poolWorkerHost.ts.
 */
/// <reference lib="webworker" />
// tfjs-core before its gradients (see main.ts: the dev server's pre-bundle needs this order).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '../backends/chooseBackend';
import { webgpuDevice } from '../backends/deviceLoss';
import { PoolWorkerHost } from './poolWorkerHost';
import type { FromPoolWorker, ToPoolWorker } from './poolProtocol';

declare const self: DedicatedWorkerGlobalScope;

let watched: unknown = null;
const host = new PoolWorkerHost({
  send: (message: FromPoolWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  setBackend: (name) => tf.setBackend(name),
  watchDevice: (lost) => {
    const device = webgpuDevice();
    if (!device || device === watched) return;
    watched = device;
    void device.lost.then((info) => lost(`${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`));
  },
  loseDevice: () => webgpuDevice()?.destroy(),
  crash: () =>
    setTimeout(() => {
      throw new Error('simulated crash of a pool worker (test hook)');
    }),
});

self.onmessage = (event: MessageEvent<ToPoolWorker>) => void host.dispatch(event.data);
