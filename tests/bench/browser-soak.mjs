/**
 * Soak in the real app (headless Chromium, webgl by default so tfjs reports GPU bytes): the MNIST
 * β sweep with one run removed — 4 image runs (zdim 4, hidden 32, batch 8) — trained for N steps
 * with held-out metrics, image grids and saves as a user sees them. Samples the worker's tensor
 * count, bytes and GPU bytes, and the JS heap of page and worker, every 1,000 steps.
 * Usage: node tests/bench/browser-soak.mjs [steps=10000] [backend=webgl]
 * Writes bench-results/browser-soak.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';

const steps = Number(process.argv[2] ?? 10_000);
const backend = process.argv[3] ?? 'webgl';
const server = await startServer();
const browser = await launchBrowser();
const page = await browser.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
await page.goto(
  debugUrl(`${server.url}?preset=mnist-beta-sweep&removed=r4&zdim=4&hidden=32&batch=8&backend=${backend}`),
);
await pollPage(page, 'window.__rd?.session.getState().step >= 200', 600_000);
const heap = async () => {
  const pageHeap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  let workerHeap = null;
  for (const w of page.workers()) {
    const v = await w
      .evaluate(() =>
        typeof performance !== 'undefined' && performance.memory ? performance.memory.usedJSHeapSize : null,
      )
      .catch(() => null);
    if (v !== null) workerHeap = Math.max(workerHeap ?? 0, v);
  }
  return { pageHeap, workerHeap };
};
const sample = async () => ({
  step: await page.evaluate(() => window.__rd.session.getState().step),
  ...(await page.evaluate(() => window.__rd.memory())),
  ...(await heap()),
});
const samples = [await sample()];
const t0 = Date.now();
for (let next = 1000; next <= steps; next += 1000) {
  await pollPage(page, `window.__rd.session.getState().step >= ${next}`, 3_600_000);
  samples.push(await sample());
  const s = samples[samples.length - 1];
  console.log(JSON.stringify(s));
}
const [a, b] = [samples[1] ?? samples[0], samples[samples.length - 1]];
const result = {
  backend: samples[0].backend,
  runs: 4,
  steps: b.step,
  seconds: (Date.now() - t0) / 1000,
  tensors: samples.map((s) => s.numTensors),
  tensorGrowthAfterWarmup: b.numTensors - a.numTensors,
  byteGrowthAfterWarmup: b.numBytes - a.numBytes,
  gpuByteGrowthAfterWarmup: a.numBytesInGPU === null ? null : b.numBytesInGPU - a.numBytesInGPU,
  pageHeapGrowthMB: a.pageHeap === null ? null : (b.pageHeap - a.pageHeap) / 2 ** 20,
  workerHeapGrowthMB: a.workerHeap === null ? null : (b.workerHeap - a.workerHeap) / 2 ** 20,
  errors,
  samples,
};
console.log(JSON.stringify({ ...result, samples: undefined }));
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/browser-soak.json', JSON.stringify(result, null, 2));
await browser.close();
server.stop();
