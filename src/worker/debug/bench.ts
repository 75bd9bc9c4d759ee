/**
 * Throughput benchmarks inside the worker: model-steps per second of the toy population for each
 * requested backend and population size (on webgpu both the tensor path and the fused program),
 * with the same ToyPopulation the app trains; the MLP-VAE image benchmark per backend; and the
 * fused WebGPU step checked against the tensor path.
 */
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../../math/objective';
import { FAMILIES } from '../../lib/experiment';
import { ToyPopulation } from '../../model/toyPopulation';
import { fusedFaults, fusedProgram, fusedReady } from '../../model/toyFusedProgram';
import { benchMlp, syntheticImages } from '../../model/vae/mlpBench';
import { fusedAdamAvailable, fusedAdamSwitch } from '../../model/fusedAdam';
import { VaeModel } from '../../model/vae/vaeModel';
import { DEFAULT_ARCHITECTURE } from '../../lib/vaeSpec';
import { trySet } from '../backends/chooseBackend';
import type { BackendName } from '../../lib/backends';
import type { AdamCheckRow, BenchRequest, BenchRow, FusedCheckRow, MlpBenchRow } from '../debugProtocol';

/**
 * One timed row after one untimed step (shader compilation, buffer pools): chunks of steps with a
 * read-back after each (as the app's loop), growing from 1 to 50 so slow rows stay short.
 */
async function timeRow(
  pop: ToyPopulation,
  steps: number,
  maxSeconds: number,
): Promise<{ steps: number; seconds: number }> {
  pop.train(1);
  await pop.readState();
  const t0 = performance.now();
  let done = 0;
  let chunk = 1;
  while (done < steps && (done === 0 || performance.now() - t0 < maxSeconds * 1000)) {
    const n = Math.min(chunk, steps - done);
    pop.train(n);
    await pop.readState();
    done += n;
    chunk = Math.min(chunk * 2, 50);
  }
  return { steps: done, seconds: (performance.now() - t0) / 1000 };
}

export async function runBench(req: BenchRequest): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of req.backends) {
    const ok = await trySet(backend);
    // The family's program is checked on the device before any row is timed (until it passes, the population trains
    // with tensor ops).
    const fused = ok && backend === 'webgpu' && (await fusedReady(req.family));
    const paths = backend === 'webgpu' ? (req.webgpuPaths ?? ['tensor', 'fused']) : [undefined];
    for (const path of paths) {
      for (const population of req.populations) {
        const row = { backend, population, family: req.family, ...(path ? { path } : {}) };
        if (!ok || (path === 'fused' && !fused)) {
          rows.push({
            ...row,
            stepsPerSecond: null,
            modelStepsPerSecond: null,
            note: ok ? 'fused program refused by this device' : 'backend unavailable',
          });
          continue;
        }
        const kind = req.objective ?? 'target-lagrange';
        const objectives = Array.from({ length: population }, (_, i) => ({
          ...DEFAULT_OBJECTIVE,
          kind,
          beta: 0.1 * 100 ** (i / Math.max(1, population - 1)),
          targetRateNats: (3 * i) / population,
        }));
        const pop = new ToyPopulation({
          family: req.family,
          objectives,
          seed: 1,
          learningRate: 0.01,
          fused: path !== 'tensor',
        });
        try {
          const t = await timeRow(pop, req.steps, req.maxSeconds);
          rows.push({
            ...row,
            stepsPerSecond: t.steps / t.seconds,
            modelStepsPerSecond: (t.steps * population) / t.seconds,
            note: `${t.steps} steps in ${t.seconds.toFixed(2)} s`,
          });
        } catch (e) {
          rows.push({
            ...row,
            stepsPerSecond: null,
            modelStepsPerSecond: null,
            note: `failed: ${(e as Error).message}`,
          });
        } finally {
          pop.dispose();
        }
      }
    }
  }
  return rows;
}

/** The objectives of the check: one model of each toy kind, so one dispatch mixes them all. */
const CHECK_OBJECTIVES: ObjectiveSettings[] = [
  { ...DEFAULT_OBJECTIVE, kind: 'elbo' },
  { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 0.3 },
  { ...DEFAULT_OBJECTIVE, kind: 'anneal', beta: 1, annealSteps: 120 },
  { ...DEFAULT_OBJECTIVE, kind: 'target-penalty', targetRateNats: 1, penalty: 0.5 },
  { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 0.8 },
  { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 2 },
];

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

/**
 * Every family on webgpu: the same seed and objectives trained `steps` steps by the tensor path
 * and by the fused program, in chunks of 50 with a read-back between (as the app); max |Δ| of R,
 * D, μ and every parameter. `invalid` programs ('family:private' or 'family:row') do not compile
 * (the test hook fusedFaults, as a device that refuses them): a family falls back to its other
 * variant, or to tensor ops (then it trains exactly as the tensor path).
 */
export async function fusedCheck(steps: number, invalid: readonly string[] = []): Promise<FusedCheckRow[]> {
  const rows: FusedCheckRow[] = [];
  const ok = await trySet('webgpu');
  for (const f of invalid) fusedFaults.invalidPrograms.add(f);
  for (const family of FAMILIES) {
    const used = ok && (await trySet('webgpu')) && (await fusedReady(family));
    const program = used ? fusedProgram(family) : null;
    const run = async (fused: boolean, backend: 'webgpu' | 'cpu' = 'webgpu') => {
      await trySet(backend);
      const pop = new ToyPopulation({ family, objectives: CHECK_OBJECTIVES, seed: 7, learningRate: 0.01, fused });
      for (let done = 0; done < steps; done += 50) {
        pop.train(Math.min(50, steps - done));
        await pop.readState();
      }
      const { state } = await pop.readState();
      const params = (await pop.readParams()).flatMap((a) => [...a]);
      pop.dispose();
      return { state, params };
    };
    const a = await run(false);
    const b = await run(true);
    // The same tensor path on the cpu backend: how far two correct float32 implementations drift.
    const c = await run(false, 'cpu');
    rows.push({
      family,
      steps,
      fused: used,
      program,
      rate: maxAbs(a.state.rateNats, b.state.rateNats),
      distortion: maxAbs(a.state.distortionNats, b.state.distortionNats),
      multiplier: maxAbs(a.state.multiplier, b.state.multiplier),
      params: maxAbs(a.params, b.params),
      cpuVsWebgpu: {
        rate: maxAbs(a.state.rateNats, c.state.rateNats),
        distortion: maxAbs(a.state.distortionNats, c.state.distortionNats),
        params: maxAbs(a.params, c.params),
      },
      fusedVsCpu: {
        rate: maxAbs(b.state.rateNats, c.state.rateNats),
        distortion: maxAbs(b.state.distortionNats, c.state.distortionNats),
        params: maxAbs(b.params, c.params),
      },
    });
  }
  return rows;
}

/**
 * The MLP-VAE image benchmark (model/vae/mlpBench.ts) on each backend in turn; on webgpu and webgl with the elementwise
 * and the fused Adam update.
 */
export async function runMlpBench(backends: readonly BackendName[], maxSeconds: number): Promise<MlpBenchRow[]> {
  const rows: MlpBenchRow[] = [];
  for (const b of backends) {
    if (!(await trySet(b))) {
      rows.push({
        backend: b,
        stepsPerSecond: null,
        stepFlops: 0,
        matmulFlopsPerSecond: null,
        efficiency: null,
        note: 'backend unavailable',
      });
      continue;
    }
    if (!fusedAdamAvailable()) {
      rows.push(await benchMlp(maxSeconds));
      continue;
    }
    for (const fused of [false, true]) {
      fusedAdamSwitch.enabled = fused;
      try {
        rows.push({ ...(await benchMlp(maxSeconds)), adam: fused ? 'fused' : 'elementwise' });
      } finally {
        fusedAdamSwitch.enabled = true;
      }
    }
  }
  return rows;
}

/**
 * The fused Adam update (model/fusedAdam.ts) against the elementwise one: an image VAE
 * ((−,−,−), default sizes, batch 64) trained `steps` steps both ways on `backend` (webgpu or
 * webgl) from one seed, and on cpu (the float32 noise floor between two correct backends); max
 * |difference| of parameters and Adam moments.
 */
export async function adamCheck(steps: number, backend: 'webgpu' | 'webgl' = 'webgpu'): Promise<AdamCheckRow> {
  const run = async (backend: BackendName, fused: boolean) => {
    await trySet(backend);
    fusedAdamSwitch.enabled = fused;
    const images = syntheticImages(300);
    const model = new VaeModel({
      arch: DEFAULT_ARCHITECTURE,
      objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta: 1 },
      seed: 3,
      learningRate: 1e-3,
      batchSize: 64,
    });
    try {
      const used = fusedAdamAvailable();
      model.train(images, steps);
      const snap = await model.exportState();
      return {
        used,
        params: snap.params.flatMap((a) => [...a]),
        moments: [...snap.adamM, ...snap.adamV].flatMap((a) => [...a]),
      };
    } finally {
      fusedAdamSwitch.enabled = true;
      model.dispose();
      images.dispose();
    }
  };
  const ok = await trySet(backend);
  const a = await run(ok ? backend : 'cpu', false);
  const b = await run(ok ? backend : 'cpu', true);
  const c = await run('cpu', false);
  return {
    steps,
    backend,
    fused: ok && b.used,
    params: maxAbs(a.params, b.params),
    moments: maxAbs(a.moments, b.moments),
    cpuVsWebgpu: { params: maxAbs(a.params, c.params), moments: maxAbs(a.moments, c.moments) },
  };
}
