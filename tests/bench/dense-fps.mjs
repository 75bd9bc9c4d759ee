/**
 * The page's frame rate while a dense frontier trains: requestAnimationFrame rate over 5 s at
 * 1440×900 on wasm once training runs (planes with more than 48 models draw on a canvas).
 * Usage: node tests/bench/dense-fps.mjs [models, default 1024] [pool, default 1]   (after npm run build)
 */
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';

const n = Number(process.argv[2]) || 1024;
const pool = Number(process.argv[3]) || 1;
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(debugUrl(`${server.url}?preset=dense-beta&family=tabular&backend=wasm&n=${n}&pool=${pool}`));
  await pollPage(page, 'window.__rd?.session.getState().step > 5', 180_000);
  const r = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let frames = 0;
        let worst = 0;
        const t0 = performance.now();
        let last = t0;
        const tick = (t) => {
          frames++;
          worst = Math.max(worst, t - last);
          last = t;
          if (t - t0 < 5000) requestAnimationFrame(tick);
          else
            resolve({
              fps: frames / ((t - t0) / 1000),
              worstFrameMs: worst,
              step: window.__rd.session.getState().step,
              stepsPerSecond: window.__rd.session.getState().stepsPerSecond,
            });
        };
        requestAnimationFrame(tick);
      }),
  );
  console.log(
    `${n} models, pool ${pool}: ${r.fps.toFixed(1)} fps (worst frame ${r.worstFrameMs.toFixed(0)} ms), ${Math.round(r.stepsPerSecond * n).toLocaleString('en-US')} model-steps/s at step ${r.step}`,
  );
} finally {
  await browser.close();
  server.stop();
}
