/**
 * The app's backend choice and benchmarks on a WebGPU adapter reached from Node through Dawn
 * (nodeGpu.ts): for machines with a GPU but no browser (the device machine), and on this
 * machine with SwiftShader's Vulkan driver (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json).
 * Runs the worker's own code, not a copy: chooseBackend + settleChoice (what the badge shows) for
 * the toy and the image workload, runBench (toy model-steps/s for P = 1 … 1,024, webgpu as tfjs
 * ops and as the fused program, and wasm), each choice against 2 s warm-ups, runMlpBench, fusedCheck and adamCheck.
 * What differs from the browser: no webgl in Node (its probe fails to initialise, as on a browser
 * without WebGL), and the probe runs in this process instead of a second worker.
 * Usage: node tests/bench/gpu/build.mjs && node tests/scratch/node-webgpu/node-webgpu.mjs [out.json] [quick | fused |
 * checks]
 *   quick: fewer populations and shorter rows; fused: fusedCheck and the fused rows (P = 64, 1,024, every family);
 *   checks: fusedCheck and the choice checks
 */
import './nodeGpu';
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { chooseBackend, measureBackend } from '../../../src/worker/backends/chooseBackend';
import { adamCheck, fusedCheck, runBench, runMlpBench } from '../../../src/worker/debug/bench';
import { fastest, settleChoice, type Workload } from '../../../src/lib/backendChoice';
import type { BenchRow, MlpBenchRow } from '../../../src/worker/debugProtocol';

tf.enableProdMode();
// The browser page is not cross-origin isolated, so its wasm backend runs one thread: the same here.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
const outFile = process.argv[2];
const quick = process.argv.includes('quick');
const fusedOnly = process.argv.includes('fused');
const checksOnly = process.argv.includes('checks');
const log = (s: string) => process.stdout.write(`${s}\n`);
const k = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US');

const gpu = (
  globalThis.navigator as unknown as {
    gpu: {
      requestAdapter(o?: object): Promise<{ info?: Record<string, unknown>; isFallbackAdapter?: boolean } | null>;
    };
  }
).gpu;
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
const info = adapter?.info ?? {};
const adapterInfo = Object.fromEntries(
  ['vendor', 'architecture', 'device', 'description'].map((key) => [key, String(info[key] ?? '')]),
);
log(`adapter: ${adapter ? JSON.stringify(adapterInfo) : 'none'}`);
if (!adapter && process.env.RD_REQUIRE_ADAPTER) process.exit(3);

/** The app's choice for a workload: wasm measured first, then the probe's candidates, settled. */
async function choice(workload: Workload) {
  const provisional = await chooseBackend('auto', null, workload);
  const probed = [];
  for (const c of provisional.probe) probed.push(await measureBackend(c, workload));
  return provisional.provisional ? settleChoice(provisional, probed) : provisional;
}
const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, adapter: adapterInfo };
const checkSteps = quick ? 50 : 200;
const fused = await fusedCheck(checkSteps);
log(`\nfused toy step vs tensor ops on this adapter, ${checkSteps} steps (max |Δ|):`);
for (const r of fused)
  log(
    `${r.family.padEnd(15)} fused=${r.fused} (${r.program ?? 'tensor ops'}) R ${r.rate.toExponential(1)} D ${r.distortion.toExponential(1)} params ${r.params.toExponential(1)}; vs cpu: R ${r.fusedVsCpu.rate.toExponential(1)} params ${r.fusedVsCpu.params.toExponential(1)} (tensor webgpu vs cpu: params ${r.cpuVsWebgpu.params.toExponential(1)})`,
  );
result.fused = fused;
if (fusedOnly) {
  for (const family of ['tabular', 'smooth', 'smooth-encoder'] as const) {
    const rows = await runBench({
      backends: ['webgpu'],
      webgpuPaths: ['fused'],
      populations: [64, 1024],
      steps: 3000,
      maxSeconds: 3,
      family,
    });
    log(
      `fused ${family}: ${rows.map((r) => `P=${r.population} ${k(r.modelStepsPerSecond)} model-steps/s (${r.note})`).join(', ')}`,
    );
  }
  process.exit(0);
}

// The app's choice for each workload, checked (as npm run bench does) against the same warm-up timed for 2 s on each
// backend.
const checks: unknown[] = [];
log('');
for (const workload of ['toy', 'toy-many', 'vae'] as const) {
  const auto = await choice(workload);
  const long = [];
  for (const b of ['webgpu', 'wasm'] as const)
    long.push(await measureBackend(b, workload, { budgetMs: quick ? 300 : 2000 }));
  const best = fastest(long);
  const ok = best?.backend === auto.backend;
  checks.push({ workload, auto, long, ok });
  log(
    `auto choice, ${workload}: ${auto.backend} — fastest in a ${quick ? 0.3 : 2} s warm-up: ${best?.backend ?? '—'} — ${ok ? 'matches' : 'DIFFERS'} (${long.map((t) => `${t.backend} ${t.msPerModelStep === null ? t.note : `${(t.msPerModelStep * 1000).toFixed(1)} µs`}`).join(', ')} per model-step)\n  reason: ${auto.reason}`,
  );
}
result.checks = checks;
if (checksOnly) {
  if (outFile) writeFileSync(outFile, JSON.stringify(result, null, 2));
  process.exit(0);
}

const populations = quick ? [1, 64] : [1, 16, 64, 256, 1024];
const rows: BenchRow[] = await runBench({
  backends: ['webgpu', 'wasm'],
  populations,
  steps: 3000,
  maxSeconds: quick ? 1 : 3,
  family: 'tabular',
});
const name = (r: BenchRow) => (r.path === 'fused' ? 'webgpu-fused' : r.backend);
log(
  `\ntoy tabular, target-lagrange, model-steps/s\nbackend       ${populations.map((p) => `P=${p}`.padStart(10)).join('')}`,
);
for (const b of [...new Set(rows.map(name))])
  log(
    `${b.padEnd(13)} ${populations.map((p) => k(rows.find((r) => name(r) === b && r.population === p)?.modelStepsPerSecond).padStart(10)).join('')}`,
  );
const mlp: MlpBenchRow[] = await runMlpBench(['webgpu', 'wasm'], quick ? 2 : 6);
log('\nMLP VAE 784-512-20, batch 128: steps/s (efficiency vs plain matMul)');
for (const r of mlp)
  log(
    `${(r.adam ? `${r.backend} (${r.adam} Adam)` : r.backend).padEnd(28)} ${r.stepsPerSecond?.toFixed(2) ?? '—'} steps/s (${r.efficiency === null ? '—' : `${(100 * r.efficiency).toFixed(0)} %`}) ${r.note}`,
  );
Object.assign(result, { rows, mlp });

const adam = await adamCheck(20, 'webgpu');
log(
  `fused Adam vs elementwise, 20 steps: fused=${adam.fused} params ${adam.params.toExponential(1)} moments ${adam.moments.toExponential(1)}`,
);
result.adam = adam;
if (outFile) writeFileSync(outFile, JSON.stringify(result, null, 2));
log(`numTensors at end: ${tf.memory().numTensors}`);
process.exit(0);
