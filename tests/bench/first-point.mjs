/**
 * Time to the first point on the plane and to the first trained point (step > 0), in ms from page
 * open, for the MNIST presets a new user opens, in headless Chromium against built apps, alternated
 * `rounds` times so that each build sees the same machine load. Nothing saved is restored (fresh context).
 * Usage: node tests/bench/first-point.mjs [rounds=2] DIST...   (e.g. an older commit's dist, then ./dist)
 */
import { launchBrowser, pollPage, runState, startServer } from '../e2e/browser.mjs';

const rounds = Number(process.argv[2] ?? 2);
const dists = process.argv.slice(3);
if (dists.length === 0) throw new Error('usage: node tests/bench/first-point.mjs ROUNDS DIST...');
const PRESETS = ['mnist-beta-sweep', 'mnist-figure4'];
const browser = await launchBrowser();
const rows = [];
try {
  for (let round = 0; round < rounds; round++)
    for (const preset of PRESETS)
      for (const dist of dists) {
        const server = await startServer(undefined, dist);
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${server.url}?preset=${preset}&debug=1`);
        await pollPage(page, 'window.__rd?.session.getState().firstTrainedPointMs != null', 120_000);
        const s = await runState(
          page,
          '({ first: s.firstPointMs, trained: s.firstTrainedPointMs, backend: s.backend?.backend })',
        );
        rows.push({ round, preset, dist, ...s });
        console.log(
          `round ${round} ${preset.padEnd(17)} ${dist.padEnd(22)} first point ${(s.first / 1000).toFixed(1)} s, first trained point ${(s.trained / 1000).toFixed(1)} s (${s.backend})`,
        );
        await context.close();
        server.stop();
      }
} finally {
  await browser.close();
}
