/**
 * What a new user waits for after opening an image chapter or preset: seconds from page open to the first point on
 * the plane, to held-out numbers for every model, and to the first image grid, in headless Chromium (wasm, a fresh
 * context: nothing saved is restored), alternating the built apps given so that each sees the same machine load.
 * Usage: node tests/bench/chapter-open.mjs [rounds=1] DIST...   (e.g. an older commit's dist, then ./dist)
 */
import { launchBrowser, startServer } from '../e2e/browser.mjs';

const rounds = Number(process.argv[2] ?? 1);
const dists = process.argv.slice(3);
if (dists.length === 0) throw new Error('usage: node tests/bench/chapter-open.mjs ROUNDS DIST...');
const PAGES = ['?lesson=5', '?lesson=6', '?preset=mnist-single', '?preset=mnist-figure4'];
/** Give up on a page after this long (PixelCNN grids take long on a CPU). */
const LIMIT_MS = 60_000;
const browser = await launchBrowser({ softwareGpu: false });
try {
  for (let round = 0; round < rounds; round++)
    for (const query of PAGES)
      for (const dist of dists) {
        const server = await startServer(undefined, dist);
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        const t0 = Date.now();
        await page.goto(`${server.url}${query}&debug=1&backend=wasm`);
        const t = {};
        while (Date.now() - t0 < LIMIT_MS && Object.keys(t).length < 3) {
          const seen = await page.evaluate(() => {
            const s = window.__rd?.session.getState();
            const ms = s ? Object.values(s.models) : [];
            return {
              point: ms.some((m) => m.metrics !== null),
              heldOut: ms.length > 0 && ms.every((m) => m.metrics?.heldOut),
              images: s ? Object.keys(s.images).length > 0 : false,
            };
          });
          for (const k of ['point', 'heldOut', 'images']) if (seen[k] && t[k] === undefined) t[k] = Date.now() - t0;
          await new Promise((r) => setTimeout(r, 100));
        }
        const f = (ms) => (ms === undefined ? `> ${LIMIT_MS / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
        console.log(
          `round ${round} ${query.padEnd(22)} ${dist.padEnd(22)} point ${f(t.point)}, held-out ${f(t.heldOut)}, ` +
            `images ${f(t.images)}`,
        );
        await context.close();
        server.stop();
      }
} finally {
  await browser.close();
}
