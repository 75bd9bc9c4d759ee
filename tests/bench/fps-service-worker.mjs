/**
 * Main-thread frame rate of the default page (wasm, no backend probe) with the service worker
 * blocked and allowed (it precaches ~16 MB in the first seconds), twice each: frames/s over 2 s
 * from 1.5 s and from 11.5 s. Needs a build.  node tests/bench/fps-service-worker.mjs
 */
import { launchBrowser, startServer, debugUrl } from '../e2e/browser.mjs';
const server = await startServer();
const browser = await launchBrowser();
const frameRate = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        let n = 0;
        const t0 = performance.now();
        const tick = () => {
          n++;
          if (performance.now() - t0 < 2000) requestAnimationFrame(tick);
          else resolve((n * 1000) / (performance.now() - t0));
        };
        requestAnimationFrame(tick);
      }),
  );
for (const sw of ['block', 'allow', 'block', 'allow']) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, serviceWorkers: sw });
  const page = await ctx.newPage();
  await page.goto(debugUrl(`${server.url}?backend=wasm`));
  await page.waitForTimeout(1500);
  const early = await frameRate(page);
  await page.waitForTimeout(8000);
  const late = await frameRate(page);
  console.log(sw, 'fps at 1.5–3.5 s', early.toFixed(1), 'at 11.5–13.5 s', late.toFixed(1));
  await ctx.close();
}
await browser.close();
server.stop();
