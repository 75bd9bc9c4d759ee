/**
 * Real-browser tests of the MNIST explorer: image runs train in the worker, show points, held-out
 * metrics, the dashed D = Ĥ − R line and image grids; PixelCNN decoding shows progress and can be
 * cancelled; a reload restores the runs. Small sizes (zdim 4, hidden 32, batch 8) keep it short.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, pollPage, startServer } from './browser.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const waitFor = (page, expr, timeout = 30_000) => pollPage(page, `(() => { const s = window.__rd?.run.getState(); return !!s && (${expr}); })()`, timeout);
const runState = (page, expr) => page.evaluate(`(() => { const s = window.__rd.run.getState(); return ${expr}; })()`);
const points = (page) =>
  page.$$eval('[data-testid=rd-plane] [data-testid=rd-point]', (els) => els.map((e) => ({ run: e.getAttribute('data-run'), rate: Number(e.getAttribute('data-rate')), distortion: Number(e.getAttribute('data-distortion')) })));
/** Share of dark pixels in a canvas (drawn from typed arrays on a 2-D canvas). */
const inkShare = (page, testId) =>
  page.$eval(`[data-testid=${testId}]`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
    return dark / (d.length / 4);
  });

describe('MNIST explorer in a real browser', () => {
  it('Figure 4 preset: runs train, images and held-out numbers appear, PixelCNN decoding is cancellable, a reload restores the runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1200 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?preset=mnist-figure4&zdim=4&hidden=32&batch=8&backend=wasm`);
    await page.getByTestId('play-toggle').click();
    await waitFor(page, "s.step >= 3 && Object.values(s.models).every((m) => m.metrics !== null)", 60_000);
    const pts = await points(page);
    assert.deepEqual(pts.map((p) => p.run).sort(), ['mlp-elbo', 'pix-elbo', 'pix-low']);
    for (const p of pts) assert.ok(Number.isFinite(p.rate) && Number.isFinite(p.distortion) && p.distortion > 0, JSON.stringify(p));
    // Held-out numbers (IWAE ≤ −ELBO on the same samples) and the dashed Ĥ line.
    await waitFor(page, "Object.values(s.models).every((m) => m.metrics?.heldOut)");
    for (const id of ['mlp-elbo', 'pix-elbo', 'pix-low']) {
      const h = await runState(page, `s.models['${id}'].metrics.heldOut`);
      assert.ok(h.iwaeNats <= h.iwaeNegElboNats + 1e-3, `${id}: IWAE ${h.iwaeNats} > −ELBO ${h.iwaeNegElboNats}`);
    }
    await page.getByTestId('rd-bound').waitFor();
    // The primary run has a PixelCNN decoder: its grids are drawn pixel by pixel, with progress and Cancel.
    await page.getByTestId('image-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('cancel-images').click();
    await waitFor(page, "s.imageProgress['pix-low'] === undefined", 10_000);
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('image-progress').count(), 0, 'the progress bar goes away after Cancel');
    // The MLP run's grids arrive in one pass: inputs have ink, decodes are pixels in [0, 1].
    await page.getByRole('button', { name: /\(−−−\) β = 1/ }).first().click();
    await page.getByTestId('recon-grid').waitFor({ timeout: 30_000 });
    const ink = await inkShare(page, 'recon-grid');
    assert.ok(ink > 0.02 && ink < 0.9, `recon grid ink share ${ink}`);
    // Pause (saves), reload: the three runs come back paused at the same step and place.
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
    const step = await runState(page, 's.step');
    const before = await points(page);
    await page.reload();
    await waitFor(page, `s.step === ${step} && s.phase === 'paused' && Object.values(s.models).every((m) => m.metrics !== null)`, 60_000);
    assert.deepEqual((await points(page)).sort((a, b) => a.run.localeCompare(b.run)), before.sort((a, b) => a.run.localeCompare(b.run)));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
