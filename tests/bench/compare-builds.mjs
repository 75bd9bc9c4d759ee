/**
 * Back-to-back regression check of two built apps (this machine is ±35 % between sessions, so
 * compare builds in one run): toy wasm P = 64 model-steps/s (multiplier and β objectives), the
 * MNIST MLP VAE (784-512-20, batch 128) on wasm, the fused WebGPU toy step at P = 64 and
 * 1,024, and the app training one PixelCNN model (−+−, MNIST, batch 64) on wasm (steps over 20 s after its
 * first report); each build twice, alternating.
 * Usage: node tests/bench/compare-builds.mjs DIST_A DIST_B   (e.g. a clone of an older commit's dist, then ./dist)
 */
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';

/** Steps/s of one PixelCNN model (batch 64) training in the app on wasm, over 20 s after its first trained report. */
async function pixelStepsPerSecond(browser, url) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(debugUrl(`${url}?preset=mnist-single&vae=-%2B-&batch=64&backend=wasm`));
  await pollPage(page, 'window.__rd?.session.getState().step >= 2', 120_000);
  const read = () => page.evaluate(() => [window.__rd.session.getState().step, performance.now()]);
  const [s0, t0] = await read();
  await new Promise((r) => setTimeout(r, 20_000));
  const [s1, t1] = await read();
  await page.context().close();
  return ((s1 - s0) * 1000) / (t1 - t0);
}

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
      const pixel = await pixelStepsPerSecond(browser, server.url);
      const k = (v) => (v === null || v === undefined ? '—' : `${(v / 1000).toFixed(1)} k`);
      console.log(
        `round ${round} ${dist}: toy wasm P=64 multiplier ${k(lag[0]?.modelStepsPerSecond)}, β ${k(beta[0]?.modelStepsPerSecond)}; MLP wasm ${mlp[0]?.stepsPerSecond?.toFixed(1)} steps/s (${((mlp[0]?.efficiency ?? 0) * 100).toFixed(0)} % of matMul); fused webgpu P=64 ${k(fused[0]?.modelStepsPerSecond)}, P=1024 ${k(fused[1]?.modelStepsPerSecond)}; PixelCNN wasm ${pixel.toFixed(2)} steps/s`,
      );
      await page.context().close();
      server.stop();
    }
  }
} finally {
  await browser.close();
}
