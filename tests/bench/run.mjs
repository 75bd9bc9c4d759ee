/**
 * Throughput benchmark, all figures from one run: toy model-steps/s for populations of 1, 16, 64,
 * 256 and 1,024 on every browser backend (in the app's own worker, headless Chromium with WebGPU
 * enabled; webgpu both as tfjs ops and as the fused WGSL program, "webgpu-fused") and for 1 and
 * 64 in the Node runner; the backend the app picks automatically for a toy experiment of few and
 * of many models and for an image one, each checked against the same warm-up timed for 2 s on
 * every backend; and the batching ratio. Then
 * the MNIST MLP VAE (784-512-20, batch 128) on every backend with its matmul efficiency; then the
 * training pool (pool.mjs): a 4-run MNIST β sweep and a 64-model toy sweep on 1 and 2 workers
 * with the page's frame rate, Chromium's own ceiling for that ratio (the same workloads on one
 * worker in each of 1 and 2 separate browsers), and the memory of a 5-run sweep on 1 and 2
 * workers; then the machine's ceiling without a browser (ceiling.mjs: 1 and 2 Node processes).
 * Usage: npm run bench [-- smooth]   (writes bench-results/bench.json)
 */
import { execFileSync } from 'node:child_process';
import { cpuStepBench } from './cpu-step.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';
import { ceilingBench, printCeilingBench } from './ceiling.mjs';
import { poolBench, printPoolBench } from './pool.mjs';

const family = process.argv.includes('smooth') ? 'smooth' : 'tabular';
const POPULATIONS = [1, 16, 64, 256, 1024];
const server = await startServer();
const browser = await launchBrowser();
const rows = [];
const mlpRows = [];
let auto = null;
let pool = null;
let autoImage = null;
let autoMany = null;
const longWarmUps = {};
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(debugUrl(`${server.url}?preset=single&family=${family}`));
  // Wait for the final choice (training starts on wasm while a probe worker measures the rest).
  await pollPage(
    page,
    'window.__rd?.session.getState().backend?.provisional === false && window.__rd.session.getState().step > 0',
    60_000,
  );
  auto = await page.evaluate(() => window.__rd.session.getState().backend);
  // The same workloads timed for 2 s each (the choice's warm-up is 150 ms): the bench checks the choice against these.
  longWarmUps.toy = await page.evaluate(() => window.__rd.warmUps(['wasm', 'webgl', 'webgpu'], 'toy', 2000));
  longWarmUps['toy-many'] = await page.evaluate(() =>
    window.__rd.warmUps(['wasm', 'webgl', 'webgpu'], 'toy-many', 2000),
  );
  longWarmUps.vae = await page.evaluate(() => window.__rd.warmUps(['wasm', 'webgl', 'webgpu'], 'vae', 2000));
  const browserRows = await page.evaluate(
    ({ family, populations }) =>
      window.__rd.bench({
        backends: ['webgpu', 'webgl', 'wasm', 'cpu'],
        populations,
        steps: 3000,
        maxSeconds: 3,
        family,
      }),
    { family, populations: POPULATIONS },
  );
  for (const r of browserRows)
    rows.push({
      where: 'browser',
      objective: 'target-lagrange',
      ...r,
      backend: r.path === 'fused' ? 'webgpu-fused' : r.backend,
    });
  // The same on the chosen backend with β objectives, whose step does not need R (fewer kernels).
  const betaRows = await page.evaluate(
    ({ family, backend }) =>
      window.__rd.bench({
        backends: [backend],
        populations: [1, 64],
        steps: 3000,
        maxSeconds: 4,
        family,
        objective: 'beta',
      }),
    { family, backend: auto.backend },
  );
  for (const r of betaRows)
    rows.push({ where: 'browser', objective: 'beta', ...r, backend: r.path === 'fused' ? 'webgpu-fused' : r.backend });
  mlpRows.push(
    ...(await page.evaluate(() => window.__rd.benchMlp(['wasm', 'webgl', 'webgpu', 'cpu'], 8))).map((r) => ({
      where: 'browser',
      ...r,
    })),
  );
  await page.context().close();
  // The automatic choice for the image workload: measured on the image VAE step (a fresh context: no cached choice).
  const imagePage = await (await browser.newContext()).newPage();
  await imagePage.goto(debugUrl(`${server.url}?preset=mnist-single`));
  await pollPage(
    imagePage,
    'window.__rd?.session.getState().backend?.provisional === false && window.__rd.session.getState().step > 0',
    120_000,
  );
  autoImage = await imagePage.evaluate(() => window.__rd.session.getState().backend);
  await imagePage.context().close();
  // And for a toy experiment of many models (the dense frontier: 256 models, measured on 256).
  const manyPage = await (await browser.newContext()).newPage();
  await manyPage.goto(debugUrl(`${server.url}?preset=dense-beta&family=${family}`));
  await pollPage(
    manyPage,
    'window.__rd?.session.getState().backend?.provisional === false && window.__rd.session.getState().step > 0',
    120_000,
  );
  autoMany = await manyPage.evaluate(() => window.__rd.session.getState().backend);
  await manyPage.context().close();
  // The training pool: 1 and 2 workers on real experiments in the app, with the frame rate.
  pool = await poolBench({ url: server.url, browser });
} finally {
  await browser.close();
  server.stop();
}
const nodeOut = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/bench/node-bench.ts', family], {
  encoding: 'utf8',
});
const nodeResult = JSON.parse(nodeOut.trim().split('\n').pop());
rows.push(...nodeResult.rows.map((r) => ({ objective: 'target-lagrange', ...r })));
mlpRows.push(...nodeResult.mlp);

const fmt = (v) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
console.log(`\nToy ${family} model, model-steps/s (steps/s × population):`);
console.log('where    backend  objective         P=1 model-steps/s   P=64 model-steps/s   ratio 64/1   notes (P=64)');
const groups = [...new Set(rows.map((r) => JSON.stringify([r.where, r.backend, r.objective])))].map((g) =>
  JSON.parse(g),
);
const summary = [];
for (const [where, backend, objective] of groups) {
  const pick = (p) =>
    rows.find((r) => r.where === where && r.backend === backend && r.objective === objective && r.population === p);
  const one = pick(1);
  const many = pick(64);
  const ratio =
    one?.modelStepsPerSecond && many?.modelStepsPerSecond ? many.modelStepsPerSecond / one.modelStepsPerSecond : null;
  summary.push({
    where,
    backend,
    objective,
    p1: one?.modelStepsPerSecond ?? null,
    p64: many?.modelStepsPerSecond ?? null,
    ratio,
  });
  console.log(
    `${where.padEnd(8)} ${backend.padEnd(8)} ${objective.padEnd(16)} ${fmt(one?.modelStepsPerSecond).padStart(18)}   ${fmt(many?.modelStepsPerSecond).padStart(18)}   ${ratio === null ? '—'.padStart(10) : ratio.toFixed(1).padStart(10)}   ${many?.note ?? ''}`,
  );
}
console.log('\nHow cost grows: browser model-steps/s (target-lagrange) against population size P');
console.log(`backend        ${POPULATIONS.map((p) => `P=${p}`.padStart(10)).join('')}`);
for (const b of [
  ...new Set(rows.filter((r) => r.where === 'browser' && r.objective === 'target-lagrange').map((r) => r.backend)),
]) {
  const cells = POPULATIONS.map((p) =>
    fmt(
      rows.find(
        (r) => r.where === 'browser' && r.objective === 'target-lagrange' && r.backend === b && r.population === p,
      )?.modelStepsPerSecond,
    ).padStart(10),
  );
  console.log(`${b.padEnd(14)} ${cells.join('')}`);
}
const browserBest = summary
  .filter((s) => s.where === 'browser' && s.objective === 'target-lagrange' && s.p64)
  .sort((a, b) => b.p64 - a.p64)[0];
console.log(`\nbackend chosen automatically by the app: ${auto?.backend} (${auto?.reason})`);
console.log(
  `fastest browser backend for P=64: ${browserBest?.backend} (on webgpu the app trains toy models with the fused program)`,
);
// The check: each automatic choice against the same workload's warm-up timed for 2 s on every backend.
const us = (t) => (t.msPerModelStep === null ? t.note : `${(t.msPerModelStep * 1000).toFixed(1)} µs`);
const checks = [];
for (const [workload, choice] of [
  ['toy', auto],
  ['toy-many', autoMany],
  ['vae', autoImage],
]) {
  const long = longWarmUps[workload] ?? [];
  const best = long.filter((t) => t.msPerModelStep !== null).sort((a, b) => a.msPerModelStep - b.msPerModelStep)[0];
  const ok = best?.backend === choice?.backend;
  checks.push({ workload, choice: choice?.backend, fastest: best?.backend ?? null, ok, long });
  console.log(
    `auto choice for ${workload}: ${choice?.backend} — fastest in a 2 s warm-up of the same step: ${best?.backend} — ${ok ? 'matches' : 'DIFFERS'} (${long.map((t) => `${t.backend} ${us(t)}`).join(', ')} per model-step)`,
  );
}
console.log(
  "\nMNIST MLP VAE (784-512-20, batch 128): steps/s and efficiency = the step's matmul FLOP/s ÷ plain tf.matMul FLOP/s, same run",
);
console.log('where    backend   steps/s   step GFLOP   matMul GFLOP/s   efficiency   note');
for (const r of mlpRows) {
  console.log(
    `${r.where.padEnd(8)} ${(r.adam ? `${r.backend} (${r.adam} Adam)` : r.backend).padEnd(8)} ${r.stepsPerSecond === null ? '—'.padStart(8) : r.stepsPerSecond.toFixed(2).padStart(8)}   ${(r.stepFlops / 1e9).toFixed(3).padStart(10)}   ${r.matmulFlopsPerSecond === null ? '—'.padStart(14) : (r.matmulFlopsPerSecond / 1e9).toFixed(2).padStart(14)}   ${r.efficiency === null ? '—'.padStart(10) : `${(100 * r.efficiency).toFixed(0)} %`.padStart(10)}   ${r.note}`,
  );
}
const mlpBest = mlpRows
  .filter((r) => r.where === 'browser' && r.stepsPerSecond)
  .sort((a, b) => b.stepsPerSecond - a.stepsPerSecond)[0];
console.log(
  `fastest browser backend for the MLP VAE (784-512-20, batch 128; the app's default image model is smaller, see the check above): ${mlpBest?.backend}; auto choice for image experiments ${autoImage?.backend} (${autoImage?.reason})`,
);
if (pool) printPoolBench(pool);
// After the browser has closed: the same workloads in separate Node processes, whole and halved.
const ceilingRows = await ceilingBench();
const ceiling = { rows: ceilingRows, ratios: printCeilingBench(ceilingRows) };
// The CPU step against PyTorch on the same core (bench only: PyTorch is never a dependency of the app).
const cpuStep = await cpuStepBench(3);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/bench.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      family,
      auto,
      autoImage,
      autoMany,
      checks,
      rows,
      summary,
      mlp: mlpRows,
      pool,
      ceiling,
      cpuStep,
    },
    null,
    2,
  ),
);
console.log('written: bench-results/bench.json');
