/**
 * Throughput benchmarks inside the worker: model-steps per second of the toy population for each
 * requested backend and population size, with the same ToyPopulation the app trains; and the
 * MLP-VAE image benchmark per backend.
 */
import { DEFAULT_OBJECTIVE } from '../math/objective';
import { ToyPopulation } from '../model/toyPopulation';
import { benchMlp } from '../model/vae/mlpBench';
import { trySet } from './backends';
import type { BenchRequest, BenchRow, BackendName, MlpBenchRow } from './protocol';

/** Untimed steps before timing (shader compilation, buffer pools). */
export const BENCH_WARMUP_STEPS = 5;

export async function runBench(req: BenchRequest): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of req.backends) {
    const ok = await trySet(backend);
    for (const population of req.populations) {
      if (!ok) {
        rows.push({ backend, population, family: req.family, stepsPerSecond: null, modelStepsPerSecond: null, note: 'backend unavailable' });
        continue;
      }
      const kind = req.objective ?? 'target-lagrange';
      const objectives = Array.from({ length: population }, (_, i) => ({ ...DEFAULT_OBJECTIVE, kind, beta: 0.1 * 100 ** (i / Math.max(1, population - 1)), targetRateNats: (3 * i) / population }));
      const pop = new ToyPopulation({ family: req.family, objectives, seed: 1, learningRate: 0.01 });
      try {
        pop.train(BENCH_WARMUP_STEPS);
        await pop.readState();
        const t0 = performance.now();
        let steps = 0;
        // Read back every 50 steps, as the app's loop does, so GPU backends cannot queue unboundedly.
        while (steps < req.steps && (steps === 0 || performance.now() - t0 < req.maxSeconds * 1000)) {
          const n = Math.min(steps < 50 ? 5 : 50, req.steps - steps);
          pop.train(n);
          await pop.readState();
          steps += n;
        }
        const s = (performance.now() - t0) / 1000;
        rows.push({ backend, population, family: req.family, stepsPerSecond: steps / s, modelStepsPerSecond: (steps * population) / s, note: `${steps} steps in ${s.toFixed(2)} s` });
      } catch (e) {
        rows.push({ backend, population, family: req.family, stepsPerSecond: null, modelStepsPerSecond: null, note: `failed: ${(e as Error).message}` });
      } finally {
        pop.dispose();
      }
    }
  }
  return rows;
}

/** The MLP-VAE image benchmark (model/vae/mlpBench.ts) on each backend in turn. */
export async function runMlpBench(backends: readonly BackendName[], maxSeconds: number): Promise<MlpBenchRow[]> {
  const rows: MlpBenchRow[] = [];
  for (const b of backends) {
    rows.push((await trySet(b)) ? await benchMlp(maxSeconds) : { backend: b, stepsPerSecond: null, stepFlops: 0, matmulFlopsPerSecond: null, efficiency: null, note: 'backend unavailable' });
  }
  return rows;
}
