/**
 * Backend choice for the training worker. Order of preference: a user override (badge or URL);
 * an earlier measured choice in this browser (not webgpu: it is measured again); otherwise training
 * starts at once on wasm (after its own short warm-up) while the other candidates (webgl, and
 * webgpu on a hardware or software adapter, measured with the fused toy step the app trains with)
 * are measured in a separate probe worker, and the trainer moves to a faster one if there is one.
 * cpu is the last resort. The warm-up is the workload's own step: a toy population of 16 models,
 * or 256 for experiments of many (WARM_UP_MODELS; on a hardware GPU the fused step can tie wasm at
 * 16 models and win by far at 256), or one image VAE (the default (−,−,−) sizes, batch 64); a
 * choice is cached per browser and workload.
 */
import * as tf from '@tensorflow/tfjs-core';
// The image warm-up trains a VAE: without the gradients the probe worker's webgl and webgpu warm-ups failed ('gradient
// function not found for Sum').
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  describeTimings,
  fastest,
  WARM_UP_MODELS,
  WORKLOAD_LABELS,
  type BackendTiming,
  type Workload,
} from '../../lib/backendChoice';
import { DEFAULT_BATCH_SIZE } from '../../lib/experiment';
import { DEFAULT_ARCHITECTURE } from '../../lib/vaeSpec';
import { syntheticImages } from '../../model/vae/mlpBench';
import { VaeModel } from '../../model/vae/vaeModel';
import type { BackendName, BackendRequest } from '../../lib/backends';
import { DEFAULT_OBJECTIVE } from '../../math/objective';
import { ToyPopulation } from '../../model/toyPopulation';
import { fusedReady } from '../../model/toyFusedProgram';
import type { BackendChoice } from '../../lib/backendChoice';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Timed steps stop after this long, per candidate (after an untimed window as long). */
export const PROBE_BUDGET_MS = 150;
/** Most steps in one timed chunk (the fused WebGPU program's most per dispatch). */
const MAX_CHUNK = 256;
/**
 * A candidate whose first (compiling) steps take longer than this is ruled out as too slow
 * (asynchronous backends only: WebGL compiles synchronously and cannot be cut short).
 */
export const PROBE_WARMUP_LIMIT_MS = 1500;

interface AdapterInfo {
  description: string;
  software: boolean;
}

/** The WebGPU adapter, if any, and whether it is a software (CPU-emulated) one. */
async function webgpuAdapter(): Promise<AdapterInfo | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = (await gpu.requestAdapter()) as {
      info?: Record<string, string | boolean>;
      isFallbackAdapter?: boolean;
    } | null;
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const text = ['vendor', 'architecture', 'device', 'description']
      .map((k) => info[k])
      .filter((v) => typeof v === 'string' && v)
      .join(' ');
    const software =
      adapter.isFallbackAdapter === true ||
      info.isFallbackAdapter === true ||
      /swiftshader|llvmpipe|software|lavapipe/i.test(text);
    return { description: text || 'unnamed adapter', software };
  } catch {
    return null;
  }
}

const timeout = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

/** Activate a backend; false when it fails to start (tfjs may return false or throw). */
export async function trySet(backend: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(backend);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/** The step a warm-up times: `models` models per step; read() synchronises the backend. */
interface WarmUp {
  models: number;
  train(steps: number): void;
  read(): Promise<unknown>;
  dispose(): void;
}

/**
 * How a warm-up is sized: toy models in it, and how long its timed steps run (the app uses the defaults; benches vary
 * them).
 */
export interface WarmUpSize {
  population?: number;
  budgetMs?: number;
}

/**
 * The toy population of WARM_UP_MODELS[workload] models (fused on webgpu, as the app trains it), or one image VAE
 * ((−,−,−), the default sizes, batch 64).
 */
function warmUp(workload: Workload, models?: number): WarmUp {
  if (workload !== 'vae') {
    const population = models ?? WARM_UP_MODELS[workload];
    const objectives = Array.from({ length: population }, () => ({ ...DEFAULT_OBJECTIVE }));
    const pop = new ToyPopulation({ family: 'tabular', objectives, seed: 1, learningRate: 0.01 });
    return {
      models: population,
      train: (n) => pop.train(n),
      read: () => pop.readState(),
      dispose: () => pop.dispose(),
    };
  }
  const images = syntheticImages(300);
  const model = new VaeModel({
    arch: DEFAULT_ARCHITECTURE,
    objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 1 },
    seed: 1,
    learningRate: 1e-3,
    batchSize: DEFAULT_BATCH_SIZE,
  });
  return {
    models: 1,
    train: (n) => model.train(images, n),
    read: () => model.readState(),
    dispose: () => {
      model.dispose();
      images.dispose();
    },
  };
}

/** Milliseconds per model-step of a short warm-up of `workload`'s step on `backend`, or a reason it is unusable. */
export async function measureBackend(
  backend: BackendName,
  workload: Workload = 'toy',
  size: WarmUpSize = {},
): Promise<BackendTiming> {
  if (!(await trySet(backend))) return { backend, msPerModelStep: null, note: 'failed to initialise' };
  const budgetMs = size.budgetMs ?? PROBE_BUDGET_MS;
  let pop: WarmUp;
  try {
    pop = warmUp(workload, size.population);
  } catch (e) {
    return { backend, msPerModelStep: null, note: `failed: ${(e as Error).message}` };
  }
  let abandoned: Promise<unknown> | null = null;
  try {
    const t0 = performance.now();
    // On webgpu the toy step is the fused program once the device has taken it (its check is part of the warm-up).
    const ready = workload !== 'vae' && backend === 'webgpu' ? fusedReady('tabular') : Promise.resolve(true);
    const pending = ready.then(() => {
      pop.train(2);
      return pop.read();
    });
    const warm = await timeout(pending, PROBE_WARMUP_LIMIT_MS);
    if (warm === 'timeout') {
      abandoned = pending;
      return { backend, msPerModelStep: null, note: `warm-up over ${PROBE_WARMUP_LIMIT_MS} ms` };
    }
    const warmMs = performance.now() - t0;
    // Chunks of steps, each read back (as the app trains), growing from 1. A first window settles
    // first-use costs (kernel and pipeline caches, buffer pools, a GPU's clocks: on an H200 the
    // toy step's first window ran far slower than its later ones); only the second is timed.
    let chunk = 1;
    const timeWindow = async (): Promise<{ steps: number; ms: number }> => {
      let steps = 0;
      const t = performance.now();
      while (performance.now() - t < budgetMs) {
        pop.train(chunk);
        await pop.read();
        steps += chunk;
        chunk = Math.min(2 * chunk, MAX_CHUNK);
      }
      return { steps, ms: performance.now() - t };
    };
    await timeWindow();
    const timed = await timeWindow();
    const ms = timed.ms / (timed.steps * pop.models);
    return { backend, msPerModelStep: ms, note: `warm-up ${warmMs.toFixed(0)} ms, ${timed.steps} steps timed` };
  } catch (e) {
    return { backend, msPerModelStep: null, note: `failed: ${(e as Error).message}` };
  } finally {
    // A GPU read still in flight must finish before its tensors are disposed (WebGPU throws otherwise).
    if (abandoned)
      void abandoned.then(
        () => pop.dispose(),
        () => pop.dispose(),
      );
    else pop.dispose();
  }
}

/**
 * Activate a backend to start training on. When the choice needs measurements of GPU backends,
 * it comes back provisional (wasm) with `probe` listing the candidates to measure elsewhere.
 */
export async function chooseBackend(
  request: BackendRequest,
  cached: BackendChoice | null,
  workload: Workload = 'toy',
): Promise<BackendChoice> {
  const adapter = await webgpuAdapter();
  const adapterText = adapter ? `${adapter.description}${adapter.software ? ' (software)' : ''}` : null;
  const final = (
    backend: BackendName,
    reason: string,
    timings: BackendTiming[] = [],
    situation = '',
  ): BackendChoice => ({
    backend,
    reason,
    adapter: adapterText,
    timings,
    provisional: false,
    probe: [],
    situation,
    workload,
  });
  // A choice measured earlier counts only for the workload it was measured on.
  if (cached && (cached.workload ?? 'toy') !== workload) cached = null;
  let prefix = '';
  if (request !== 'auto') {
    if (request === 'webgpu' && !adapter) prefix = 'webgpu requested but no WebGPU adapter is available; ';
    else if (await trySet(request)) return final(request, 'chosen by the user (URL or badge)');
    else prefix = `${request} requested but failed to start; `;
  }
  // A hardware adapter is measured too (it used to be taken unmeasured): on some machines wasm beats it.
  if (!prefix && cached && cached.backend !== 'webgpu' && (await trySet(cached.backend))) {
    const earlier = ' (measured earlier in this browser)';
    return {
      ...cached,
      reason: cached.reason.endsWith(earlier) ? cached.reason : `${cached.reason}${earlier}`,
      adapter: adapterText,
      provisional: false,
      probe: [],
    };
  }
  const found = adapter
    ? adapter.software
      ? `only a software WebGPU adapter (${adapter.description})`
      : `hardware WebGPU adapter (${adapter.description})`
    : 'no WebGPU adapter';
  const situation = `${prefix}${found}`;
  const probe: BackendName[] = adapter ? ['webgl', 'webgpu'] : ['webgl'];
  const wasm = await measureBackend('wasm', workload);
  if (wasm.msPerModelStep !== null && (await trySet('wasm'))) {
    return {
      backend: 'wasm',
      reason: `${situation}; training on wasm while measuring ${probe.join(' and ')} on ${WORKLOAD_LABELS[workload]}`,
      adapter: adapterText,
      timings: [wasm],
      provisional: true,
      probe,
      situation,
      workload,
    };
  }
  // No wasm: measure the rest here, one after another.
  const timings = [wasm];
  for (const c of probe) timings.push(await measureBackend(c, workload));
  const best = fastest(timings);
  if (best && (await trySet(best.backend)))
    return final(
      best.backend,
      `${situation}; fastest in a measured warm-up of ${WORKLOAD_LABELS[workload]} (${describeTimings(timings)})`,
      timings,
      situation,
    );
  await trySet('cpu');
  return final('cpu', `${situation}; no faster backend started (${describeTimings(timings)})`, timings, situation);
}
