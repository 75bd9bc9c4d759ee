/**
 * The training pool in a real browser (nested module workers from the built app): a pool of 2
 * trains what one worker trains for the same seed; a crashed pool worker is replaced and its
 * models continue from the last save while training goes on, and so is one whose WebGPU device is
 * lost; the dense frontier draws its
 * points on a canvas and is trained by the pool.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasWebGpuAdapter, pollPage, runState, sharedBrowser, waitForRun, debugUrl } from './browser.mjs';

const shared = sharedBrowser();

async function open(query) {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(debugUrl(`${shared.server.url}?${query}`));
  return { context, page, errors };
}

describe('training pool', () => {
  it('a pool of 2 workers trains what one worker trains (β sweep, 30 steps, same seed)', async () => {
    const numbers = [];
    for (const pool of [1, 2]) {
      const { context, page, errors } = await open(
        `preset=beta-sweep&family=tabular&backend=wasm&start=paused&pool=${pool}`,
      );
      await waitForRun(page, `s.pool?.workers === ${pool} && s.reports > 0`, 60_000);
      await page.evaluate(() => window.__rd.step(30));
      await waitForRun(page, 's.step === 30', 60_000);
      numbers.push(
        await runState(
          page,
          's.order.map((id) => [s.models[id].metrics.rateNats, s.models[id].metrics.distortionNats])',
        ),
      );
      assert.match(
        await page.locator('[data-testid=backend-badge]').textContent(),
        pool === 2 ? /2 workers/ : /^backend: wasm$/,
      );
      assert.deepEqual(errors, []);
      await context.close();
    }
    assert.equal(numbers[0].length, 16);
    let worst = 0;
    numbers[0].forEach(
      ([r, d], i) => (worst = Math.max(worst, Math.abs(r - numbers[1][i][0]), Math.abs(d - numbers[1][i][1]))),
    );
    assert.ok(worst < 1e-5, `pool 2 differs from pool 1 by ${worst} nats`);
  });

  it('a crashed pool worker is replaced from the last save; training goes on; the Workers control moves the run', async () => {
    const { context, page, errors } = await open('preset=beta-sweep&family=tabular&backend=wasm&pool=2');
    await waitForRun(page, 's.pool?.workers === 2 && s.step > 20', 60_000);
    await page.evaluate(() => window.__rd.saveNow());
    await waitForRun(page, 's.saved !== null', 20_000);
    await page.evaluate(() => window.__rd.crashWorker(1));
    await pollPage(
      page,
      'window.__rd.settings.getState().notices.some((n) => /Pool worker 2 of 2 stopped/.test(n))',
      30_000,
    );
    const step = await runState(page, 's.step');
    await waitForRun(page, `s.step > ${step + 20} && s.phase === 'running'`, 30_000);
    assert.equal(await runState(page, 's.errors.length'), 0);
    await page.selectOption('[data-testid=pool-select]', '1');
    await waitForRun(page, 's.pool?.workers === 1', 30_000);
    const after = await runState(page, 's.step');
    await waitForRun(page, `s.step > ${after + 10}`, 30_000);
    // The URL follows settings after a short delay (drags write it once at the end).
    await pollPage(page, "location.search.includes('pool=1')", 10_000);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a pool worker whose WebGPU device is lost is replaced on webgpu; its models continue from the last save', async (t) => {
    const { context, page, errors } = await open('preset=beta-sweep&family=tabular&backend=webgpu&pool=2');
    if (!(await hasWebGpuAdapter(page))) {
      await context.close();
      t.skip('this Chromium offers no WebGPU adapter');
      return;
    }
    await waitForRun(page, "s.pool?.workers === 2 && s.backend?.backend === 'webgpu' && s.step > 5", 90_000);
    await page.evaluate(() => window.__rd.saveNow());
    await waitForRun(page, 's.saved !== null', 20_000);
    await page.evaluate(() => window.__rd.loseDevice(1));
    await pollPage(
      page,
      'window.__rd.settings.getState().notices.some((n) => /Pool worker 2 of 2 stopped .*lost.* continue from the last save/.test(n))',
      60_000,
    );
    const step = await runState(page, 's.step');
    await waitForRun(page, `s.step > ${step + 5} && s.phase === 'running'`, 60_000);
    assert.equal(await runState(page, 's.backend.backend'), 'webgpu');
    assert.equal(await runState(page, 's.pool.workers'), 2);
    assert.equal(await runState(page, 's.errors.length'), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the dense frontier draws its points on a canvas and trains on the pool', async () => {
    const { context, page, errors } = await open('preset=dense-beta&family=tabular&backend=wasm&n=100&pool=2');
    await waitForRun(page, 's.pool?.workers === 2 && s.step > 2', 60_000);
    await pollPage(page, 'document.querySelector("[data-testid=rd-canvas]")?.dataset.points === "100"', 20_000);
    assert.equal(await page.locator('[data-testid=rd-point]').count(), 1); // the selected model only
    assert.match(await page.locator('[data-testid=table-sample]').textContent(), /of 100 models/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
