/**
 * Backend choice for the training worker. Order of preference: WebGPU on a hardware adapter;
 * otherwise (only software adapters, e.g. SwiftShader, or none) a short measured warm-up of each
 * candidate (wasm, webgl, software webgpu) picks the fastest per model-step; cpu is the last
 * resort. A user override (badge or URL) is tried first; if it fails, auto choice runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { DEFAULT_OBJECTIVE } from '../math/objective';
import { ToyPopulation } from '../model/toyPopulation';
import type { BackendChoice, BackendName, BackendRequest, BackendTiming } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Models in the warm-up population (a realistic batch, small enough to be quick). */
export const PROBE_POPULATION = 16;
/** Timed steps stop after this long, per candidate. */
export const PROBE_BUDGET_MS = 150;
/**
 * A candidate whose first (compiling) steps take longer than this is ruled out as too slow: it
 * would delay the first point on the plane by seconds, and on such machines the CPU path wins
 * anyway. The user can still pick it in the badge or with ?backend=.
 */
export const PROBE_WARMUP_LIMIT_MS = 600;

interface AdapterInfo {
  description: string;
  software: boolean;
}

/** The WebGPU adapter, if any, and whether it is a software (CPU-emulated) one. */
async function webgpuAdapter(): Promise<AdapterInfo | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = (await gpu.requestAdapter()) as { info?: Record<string, string | boolean>; isFallbackAdapter?: boolean } | null;
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const text = ['vendor', 'architecture', 'device', 'description'].map((k) => info[k]).filter((v) => typeof v === 'string' && v).join(' ');
    const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || /swiftshader|llvmpipe|software|lavapipe/i.test(text);
    return { description: text || 'unnamed adapter', software };
  } catch {
    return null;
  }
}

const timeout = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

/** Milliseconds per model-step of a short warm-up on `backend`, or a reason it is unusable. */
export async function measureBackend(backend: BackendName): Promise<BackendTiming> {
  try {
    if (!(await tf.setBackend(backend))) return { backend, msPerModelStep: null, note: 'failed to initialise' };
    await tf.ready();
  } catch (e) {
    return { backend, msPerModelStep: null, note: `failed to initialise: ${(e as Error).message}` };
  }
  const objectives = Array.from({ length: PROBE_POPULATION }, () => ({ ...DEFAULT_OBJECTIVE }));
  const pop = new ToyPopulation({ family: 'tabular', objectives, seed: 1, learningRate: 0.01 });
  let abandoned: Promise<unknown> | null = null;
  try {
    const t0 = performance.now();
    pop.train(2);
    const pending = pop.readState();
    const warm = await timeout(pending, PROBE_WARMUP_LIMIT_MS);
    if (warm === 'timeout') {
      abandoned = pending;
      return { backend, msPerModelStep: null, note: `warm-up over ${PROBE_WARMUP_LIMIT_MS} ms` };
    }
    const warmMs = performance.now() - t0;
    let steps = 0;
    let chunk = 1;
    const t1 = performance.now();
    while (performance.now() - t1 < PROBE_BUDGET_MS) {
      pop.train(chunk);
      await pop.readState();
      steps += chunk;
      chunk *= 2;
    }
    const ms = (performance.now() - t1) / (steps * PROBE_POPULATION);
    return { backend, msPerModelStep: ms, note: `warm-up ${warmMs.toFixed(0)} ms, ${steps} steps timed` };
  } catch (e) {
    return { backend, msPerModelStep: null, note: `failed: ${(e as Error).message}` };
  } finally {
    // A GPU read still in flight must finish before its tensors are disposed (WebGPU throws otherwise).
    if (abandoned) void abandoned.then(() => pop.dispose(), () => pop.dispose());
    else pop.dispose();
  }
}

async function trySet(backend: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(backend);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/** Choose and activate a backend. `cached`: an earlier measured choice on this browser, reused if it still starts. */
export async function chooseBackend(request: BackendRequest, cached: BackendChoice | null): Promise<BackendChoice> {
  const adapter = await webgpuAdapter();
  const adapterText = adapter ? `${adapter.description}${adapter.software ? ' (software)' : ''}` : null;
  let prefix = '';
  if (request !== 'auto') {
    if (request === 'webgpu' && !adapter) prefix = 'webgpu requested but no WebGPU adapter is available; ';
    else if (await trySet(request)) return { backend: request, reason: `chosen by the user (URL or badge)`, adapter: adapterText, timings: [] };
    else prefix = `${request} requested but failed to start; `;
  }
  if (adapter && !adapter.software && (await trySet('webgpu'))) {
    return { backend: 'webgpu', reason: `${prefix}hardware WebGPU adapter: ${adapter.description}`, adapter: adapterText, timings: [] };
  }
  if (!prefix && cached && cached.backend !== 'webgpu' && (await trySet(cached.backend))) {
    return { ...cached, reason: `${cached.reason} (measured earlier in this browser)`, adapter: adapterText };
  }
  const candidates: BackendName[] = ['wasm', 'webgl'];
  if (adapter) candidates.push('webgpu');
  const timings: BackendTiming[] = [];
  for (const c of candidates) timings.push(await measureBackend(c));
  const usable = timings.filter((t): t is BackendTiming & { msPerModelStep: number } => t.msPerModelStep !== null);
  usable.sort((a, b) => a.msPerModelStep - b.msPerModelStep);
  const why = adapter ? `only a software WebGPU adapter (${adapter.description})` : 'no WebGPU adapter';
  const measured = timings.map((t) => `${t.backend} ${t.msPerModelStep === null ? t.note : `${(t.msPerModelStep * 1000).toFixed(0)} µs/model-step`}`).join(', ');
  const best = usable[0];
  if (best && (await trySet(best.backend))) {
    return { backend: best.backend, reason: `${prefix}${why}; fastest in a measured warm-up (${measured})`, adapter: adapterText, timings };
  }
  await trySet('cpu');
  return { backend: 'cpu', reason: `${prefix}${why}; no faster backend started (${measured})`, adapter: adapterText, timings };
}
