/**
 * Back-to-back regression check of two built apps (this machine is ±35 % between sessions, so
 * compare builds in one run): toy wasm P = 64 model-steps/s (multiplier and β objectives), the
 * MNIST MLP VAE (784-512-20, batch 128) on wasm, and the fused WebGPU toy step at P = 64 and
 * 1,024; each build twice, alternating.
 * Usage: node tests/bench/compare-builds.mjs DIST_A DIST_B   (e.g. a clone of an older commit's dist, then ./dist)
 */
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';

const dists = process.argv.slice(2);
if (dists.length < 2) throw new Error('usage: node tests/bench/compare-builds.mjs DIST_A DIST_B');
const browser = await launchBrowser();
try {
  for (let round = 0; round < 2; round++) {
    for (const dist of dists) {
      const server = await startServer(undefined, dist);
      const page = await (await browser.newContext()).newPage();
      await page.goto(debugUrl(`${server.url}?preset=single&family=tabular&backend=wasm&start=paused`));
      await pollPage(page, 'window.__rd?.session.getState().reports > 0', 60_000);
      const toy = (objective) =>
        page.evaluate(
          (objective) =>
            window.__rd.bench({
              backends: ['wasm'],
              populations: [64],
              steps: 3000,
              maxSeconds: 4,
              family: 'tabular',
              ...(objective ? { objective } : {}),
            }),
          objective,
        );
      const lag = await toy(null);
      const beta = await toy('beta');
      const mlp = await page.evaluate(() => window.__rd.benchMlp(['wasm'], 8));
      const fused = await page.evaluate(() =>
        window.__rd.bench({
          backends: ['webgpu'],
          populations: [64, 1024],
          webgpuPaths: ['fused'],
          steps: 3000,
          maxSeconds: 4,
          family: 'tabular',
        }),
      );
      const k = (v) => (v === null || v === undefined ? '—' : `${(v / 1000).toFixed(1)} k`);
      console.log(
        `round ${round} ${dist}: toy wasm P=64 multiplier ${k(lag[0]?.modelStepsPerSecond)}, β ${k(beta[0]?.modelStepsPerSecond)}; MLP wasm ${mlp[0]?.stepsPerSecond?.toFixed(1)} steps/s (${((mlp[0]?.efficiency ?? 0) * 100).toFixed(0)} % of matMul); fused webgpu P=64 ${k(fused[0]?.modelStepsPerSecond)}, P=1024 ${k(fused[1]?.modelStepsPerSecond)}`,
      );
      await page.context().close();
      server.stop();
    }
  }
} finally {
  await browser.close();
}
