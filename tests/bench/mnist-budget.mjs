/**
 * Test −ELBO of the simple family (−−−, h = 256, L = 16, batch 64, Adam 1e-3, seed 1) at β = 1
 * after a fixed budget of training steps, per backend: in the app (headless Chromium, each
 * browser backend) and in the Node runner (wasm, cpu). Usage:
 *   node tests/bench/mnist-budget.mjs [steps=500] [perBackendSeconds=300]
 * Writes bench-results/mnist-budget.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';

const steps = Number(process.argv[2] ?? 500);
const limitS = Number(process.argv[3] ?? 300);
const rows = [];
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const backend of ['wasm', 'webgl', 'webgpu']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(debugUrl(`${server.url}?preset=mnist-single&objective=elbo&backend=${backend}&seed=1`));
      await pollPage(
        page,
        'window.__rd?.session.getState().reports > 0 && window.__rd.session.getState().backend !== null',
        120_000,
      );
      // The app starts playing: pause, re-initialise from the seed, then take exactly `steps` steps.
      await page.evaluate(() => window.__rd.pause());
      await pollPage(page, "window.__rd.session.getState().phase === 'paused'", 60_000);
      await page.evaluate(() => window.__rd.reset());
      await pollPage(page, 'window.__rd.session.getState().step === 0', 60_000);
      const t0 = Date.now();
      await page.evaluate((n) => window.__rd.step(n), steps);
      await pollPage(
        page,
        `(() => { const s = window.__rd.session.getState(); return s.step === ${steps} && s.models.r0?.metrics?.heldOut?.step === ${steps}; })()`,
        limitS * 1000,
        500,
      );
      const m = await page.evaluate(() => window.__rd.session.getState().models.r0.metrics);
      const used = await page.evaluate(() => window.__rd.session.getState().backend.backend);
      rows.push({
        where: 'browser',
        backend: used,
        steps,
        seconds: (Date.now() - t0) / 1000,
        testNegElbo: m.heldOut.heldOutNegElboNats,
        iwae: m.heldOut.iwaeNats,
        testRate: m.heldOut.heldOutRateNats,
        testDistortion: m.heldOut.heldOutDistortionNats,
      });
    } catch (e) {
      rows.push({
        where: 'browser',
        backend,
        steps,
        note: `not finished within ${limitS} s (${e.message.slice(0, 80)})`,
      });
    }
    console.log(JSON.stringify(rows[rows.length - 1]));
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
for (const backend of ['wasm', 'cpu']) {
  const t0 = Date.now();
  const out = execFileSync(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      'src/cli/rd.ts',
      '--preset',
      'mnist',
      '--objective',
      'elbo',
      '--steps',
      String(steps),
      '--every',
      String(steps),
      '--backend',
      backend,
      '--seed',
      '1',
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').pop());
  rows.push({
    where: 'node',
    backend,
    steps,
    seconds: (Date.now() - t0) / 1000,
    testNegElbo: r.testNegElbo,
    iwae: r.iwae,
    testRate: r.testRate,
    testDistortion: r.testDistortion,
  });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/mnist-budget.json',
  JSON.stringify({ date: new Date().toISOString(), steps, rows }, null, 2),
);
