/**
 * Real-browser tests of the MNIST explorer: image runs train in the worker, show points, held-out
 * metrics, the dashed D = Ĥ − R line and image grids; PixelCNN decoding shows progress and can be
 * cancelled; a reload restores the runs. Small sizes (zdim 4, hidden 32, batch 8) keep it short.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollPage, runState, sharedBrowser, waitForRun, debugUrl } from './browser.mjs';

const shared = sharedBrowser();

const waitFor = (page, expr, timeout = 30_000) => waitForRun(page, expr, timeout);
const points = (page) =>
  page.$$eval('[data-testid=rd-plane] [data-testid=rd-point]', (els) =>
    els.map((e) => ({
      model: e.getAttribute('data-model'),
      rate: Number(e.getAttribute('data-rate')),
      distortion: Number(e.getAttribute('data-distortion')),
    })),
  );
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
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1200 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debugUrl(`${shared.server.url}?preset=mnist-figure4&zdim=4&hidden=32&batch=8&backend=wasm`));
    // The page trains at once (a click on the toggle here would pause it).
    await waitFor(page, 's.step >= 3 && Object.values(s.models).every((m) => m.metrics !== null)', 60_000);
    const pts = await points(page);
    assert.deepEqual(pts.map((p) => p.model).sort(), ['mlp-elbo', 'pix-elbo', 'pix-low']);
    for (const p of pts)
      assert.ok(Number.isFinite(p.rate) && Number.isFinite(p.distortion) && p.distortion > 0, JSON.stringify(p));
    // The worker reports which step trains each model: the MLP one on the lean wasm step, the PixelCNNs not.
    const badge = page.getByTestId('backend-badge');
    assert.equal(await badge.getAttribute('data-image-models'), '3');
    assert.equal(await badge.getAttribute('data-lean-models'), '1');
    assert.match(await badge.textContent(), /lean step 1\/3/);
    assert.match(await badge.getAttribute('title'), /tensor path \(family not yet covered\)/);
    // Held-out numbers (IWAE ≤ −ELBO on the same samples) and the dashed Ĥ line.
    await waitFor(page, 'Object.values(s.models).every((m) => m.metrics?.heldOut)');
    for (const id of ['mlp-elbo', 'pix-elbo', 'pix-low']) {
      const h = await runState(page, `s.models['${id}'].metrics.heldOut`);
      assert.ok(h.iwaeNats <= h.iwaeNegElboNats + 1e-3, `${id}: IWAE ${h.iwaeNats} > −ELBO ${h.iwaeNegElboNats}`);
    }
    await page.getByTestId('rd-bound').waitFor();
    // IWAE k is selectable without restarting training.
    const stepNow = await runState(page, 's.step');
    await page.getByTestId('iwae-input').fill('3');
    await page.getByTestId('iwae-input').press('Enter');
    await waitFor(page, 'Object.values(s.models).every((m) => m.metrics?.heldOut?.iwaeSamples === 3)');
    assert.ok((await runState(page, 's.step')) >= stepNow, 'training went on');
    await pollPage(page, "location.search.includes('iwaek=3')");
    // The primary run has a PixelCNN decoder: its grids are drawn pixel by pixel, with progress and Cancel.
    await page.getByTestId('image-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('cancel-images').click();
    await waitFor(page, "s.imageProgress['pix-low'] === undefined", 10_000);
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('image-progress').count(), 0, 'the progress bar goes away after Cancel');
    // The MLP run's grids arrive in one pass: inputs have ink, decodes are pixels in [0, 1].
    await page
      .getByRole('button', { name: /\(−−−\) ELBO/ })
      .first()
      .click();
    await page.getByTestId('recon-grid').waitFor({ timeout: 30_000 });
    const ink = await inkShare(page, 'recon-grid');
    assert.ok(ink > 0.02 && ink < 0.9, `recon grid ink share ${ink}`);
    // The grids export as one PNG.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-grids-png').click()]);
    const png = await (await import('node:fs/promises')).readFile(await download.path());
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    // The trajectories JSON names the dataset and carries Ĥ (measured by now).
    const [dj] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const traj = JSON.parse(await (await import('node:fs/promises')).readFile(await dj.path(), 'utf8'));
    assert.equal(traj.problem, 'static-mnist');
    assert.ok(Number.isFinite(traj.entropyNats), `Ĥ ${traj.entropyNats}`);
    // Pause (saves), reload: the three runs come back paused at the same step and place.
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
    const step = await runState(page, 's.step');
    // The weights come back: the same training-batch numbers (the plane's points are held-out numbers, measured
    // again after the reload at their own step).
    const batch = `Object.fromEntries(Object.entries(s.models).map(([id, m]) => [id, [m.metrics.rateNats,
      m.metrics.distortionNats]]))`;
    const before = await runState(page, batch);
    await page.reload();
    await waitFor(
      page,
      `s.step === ${step} && s.phase === 'paused' && Object.values(s.models).every((m) => m.metrics !== null)`,
      60_000,
    );
    assert.deepEqual(await runState(page, batch), before);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** Drop files made in the page (canvas → PNG blobs, or raw bytes) on the window, as a user would. */
async function dropFiles(page, spec) {
  await page.evaluate(async (spec) => {
    const files = [];
    for (const f of spec) {
      if (f.text) {
        files.push(new File([f.text], f.name, { type: f.type }));
        continue;
      }
      const c = document.createElement('canvas');
      c.width = f.w;
      c.height = f.h;
      const g = c.getContext('2d');
      g.fillStyle = 'white';
      g.fillRect(0, 0, f.w, f.h);
      g.fillStyle = 'black';
      // One stroke per 28×28 cell, at a cell-dependent place: a small dataset with structure.
      for (let y = 0, k = 0; y < f.h; y += 28)
        for (let x = 0; x < f.w; x += 28, k++) g.fillRect(x + 4 + (k % 18), y + 4, 4, 20);
      const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
      files.push(new File([blob], f.name, { type: 'image/png' }));
    }
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, spec);
}

describe('static binarized MNIST and the full test evaluation', () => {
  it('is the default data (70,000 digits, load time shown); the small set is selectable; a test evaluation covers all 10,000 test digits and can be cancelled', async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const statuses = [];
    await page.exposeFunction('__status', (t) => statuses.push(t));
    await page.addInitScript(() => {
      new MutationObserver(() =>
        window.__status?.(document.querySelector('[data-testid=status]')?.textContent ?? ''),
      ).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(
      debugUrl(`${shared.server.url}?preset=mnist-single&zdim=2&hidden=32&batch=8&backend=wasm&objective=elbo`),
    );
    await waitFor(page, 's.models.r0?.metrics !== null', 60_000);
    assert.equal(await runState(page, 's.experiment.dataset'), 'static-mnist');
    assert.equal(await page.getByTestId('dataset-select').inputValue(), 'static-mnist');
    const loaded = statuses.find((t) =>
      /loaded 70,000 images \(MNIST, static binarized \(70k\)\) in [0-9.]+ s/.test(t),
    );
    assert.ok(loaded, `no load-time status among ${JSON.stringify([...new Set(statuses)].slice(0, 8))}`);
    // Every test digit, k = 2: a result with IWAE ≤ the 2-sample −ELBO.
    await page.getByTestId('test-eval-k').fill('2');
    await page.getByTestId('test-eval-k').press('Enter');
    await page.getByTestId('test-eval-run').click();
    await waitFor(page, 's.testEvals.r0?.result', 120_000);
    const r = await runState(page, 's.testEvals.r0.result');
    assert.deepEqual([r.set, r.images, r.k], ['test', 10000, 2]);
    assert.ok(
      r.iwaeNats <= r.iwaeNegElboNats + 1e-3 && Math.abs(r.negElboNats - r.rateNats - r.distortionNats) < 1e-3,
      JSON.stringify(r),
    );
    await page.getByTestId('test-eval-result').waitFor();
    // k = 1000 takes long: Cancel stops it.
    await page.getByTestId('test-eval-k').fill('1000');
    await page.getByTestId('test-eval-k').press('Enter');
    await page.getByTestId('test-eval-run').click();
    await page.getByTestId('test-eval-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('test-eval-cancel').click();
    await page.getByTestId('test-eval-stopped').waitFor({ timeout: 30_000 });
    // The small thresholded set is still there.
    await page.getByTestId('dataset-select').selectOption('mnist');
    await pollPage(page, `location.search.includes('images=mnist&') || location.search.endsWith('images=mnist')`);
    await waitFor(page, "s.experiment?.dataset === 'mnist' && s.models.r0?.metrics !== null", 60_000);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('your own images', () => {
  it('a bad file changes nothing; a dropped sprite sheet trains like MNIST and survives a reload', async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(
      debugUrl(`${shared.server.url}?preset=mnist-single&zdim=2&hidden=32&batch=8&backend=wasm&objective=elbo`),
    );
    await waitFor(page, 's.models.r0?.metrics !== null', 60_000);
    await dropFiles(page, [{ name: 'notes.png', type: 'image/png', text: 'this is not an image' }]);
    await page.getByText(/Your images were not used: "notes.png" could not be decoded/).waitFor({ timeout: 10_000 });
    assert.match(page.url(), /images=static-mnist/);
    await dropFiles(page, [{ name: 'sheet.png', w: 280, h: 56 }]);
    await page.getByText(/Training on your 20 images \(18 train \/ 2 test/).waitFor({ timeout: 10_000 });
    await pollPage(page, `location.search.includes('images=custom')`);
    assert.equal(await page.getByTestId('dataset-select').inputValue(), 'custom');
    // it trains at once; this only makes sure (a toggle click would pause)
    await page.evaluate(() => window.__rd.play());
    await waitFor(page, 's.step > 5 && s.models.r0?.metrics !== null && s.models.r0.metrics.heldOut', 60_000);
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
    const step = await runState(page, 's.step');
    await page.reload();
    await waitFor(page, `s.step === ${step} && s.models.r0?.metrics !== null`, 60_000);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('run list', () => {
  it('hide, copy with a new β (from the current weights), remove, compare two runs; edits survive a reload', async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1200 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debugUrl(`${shared.server.url}?preset=mnist-beta-sweep&zdim=4&hidden=32&batch=8&backend=wasm`));
    // it trains at once; this only makes sure (a toggle click would pause)
    await page.evaluate(() => window.__rd.play());
    await waitFor(page, 's.step >= 20 && Object.values(s.models).every((m) => m.metrics !== null)', 60_000);
    assert.equal((await points(page)).length, 5);
    await page.getByTestId('hide-r0').click();
    assert.deepEqual((await points(page)).map((p) => p.model).sort(), ['r1', 'r2', 'r3', 'r4']);
    // Copy the selected run (r2, β = 1) with β = 0.05: it joins at the current step; nothing restarts.
    const stepBefore = await runState(page, 's.step');
    await page.getByTestId('copy-value').fill('0.05');
    await page.getByTestId('copy-model').click();
    await waitFor(page, 's.models.c1?.metrics !== null && s.models.c1 !== undefined');
    assert.ok((await runState(page, 's.step')) >= stepBefore, 'training was not restarted');
    // Its label is derived from the objective in force, with the note of where it came from.
    await page
      .getByRole('button', { name: /β = 0\.050 \(copy of r2\)/ })
      .first()
      .waitFor();
    await pollPage(page, "location.search.includes('extra=c1')");
    await page.getByTestId('remove-r4').click();
    await waitFor(page, 's.models.r4 === undefined');
    await pollPage(page, "location.search.includes('removed=r4')");
    await page.getByTestId('compare-r1').click();
    await page.getByTestId('compare-view').waitFor();
    await page.getByTestId('image-panels-r1').getByTestId('recon-grid').waitFor({ timeout: 30_000 });
    await page.getByTestId('image-panels-r2').getByTestId('recon-grid').waitFor({ timeout: 30_000 });
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
    const step = await runState(page, 's.step');
    await page.reload();
    await waitFor(page, `s.step === ${step} && s.models.c1?.metrics !== null && s.models.r4 === undefined`, 60_000);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
