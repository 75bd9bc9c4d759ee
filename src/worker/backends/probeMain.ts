/**
 * Probe worker: measures candidate backends (webgl, software webgpu) in parallel with the
 * training worker, which has already started on wasm. It owns its own tfjs instance and exits
 * after answering once.
 */
/// <reference lib="webworker" />
import { measureBackend } from './chooseBackend';
import type { FromProbe, ToProbe } from '../protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<ToProbe>) => {
  const timings = [];
  for (const c of event.data.candidates) timings.push(await measureBackend(c, event.data.workload ?? 'toy'));
  const reply: FromProbe = { type: 'probe-result', timings };
  self.postMessage(reply);
};
