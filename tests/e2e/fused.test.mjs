/**
 * The fused WebGPU toy step (src/model/toyFused.ts) in a real browser on this machine's WebGPU
 * adapter (software here): 200 steps of six models with every toy objective (ELBO, β, annealing,
 * penalty, multiplier) in each family, against the tensor path of the same population on cpu and
 * on webgpu. R and D must agree within 1e-4 nats; parameters within 1e-4 where the two tfjs
 * backends agree that closely, else no further from cpu than the two backends are from each other.
 * And the fused Adam update of image VAEs on WebGPU and WebGL (src/model/fusedAdam.ts) against the elementwise one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasWebGpuAdapter, pollPage, sharedBrowser, debugUrl } from './browser.mjs';

const shared = sharedBrowser();

describe('fused WebGPU toy step', () => {
  it('matches the tensor path after 200 steps, for every family and toy objective', async (t) => {
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debugUrl(`${shared.server.url}?preset=single&family=tabular&backend=wasm`));
    const hasAdapter = await hasWebGpuAdapter(page);
    if (!hasAdapter) {
      await context.close();
      t.skip('this Chromium offers no WebGPU adapter');
      return;
    }
    await pollPage(page, 'window.__rd?.session.getState().step > 0', 60_000);
    const rows = await page.evaluate(() => window.__rd.fusedCheck(200));
    assert.equal(rows.length, 3);
    for (const r of rows) {
      const what = JSON.stringify(r);
      assert.ok(r.fused, `the fused program ran: ${what}`);
      assert.ok(r.fusedVsCpu.rate < 1e-4 && r.fusedVsCpu.distortion < 1e-4, `R, D within 1e-4 of cpu: ${what}`);
      assert.ok(Math.min(r.rate, r.fusedVsCpu.rate) < 1e-4, `R within 1e-4 of a tensor path: ${what}`);
      const floor = Math.max(1e-4, 2 * r.cpuVsWebgpu.params);
      assert.ok(r.fusedVsCpu.params <= floor, `parameters within ${floor} of cpu: ${what}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a device that refuses a program: the family trains with the other variant, or with tensor ops exactly as the tensor path', async (t) => {
    // As an NVIDIA H200 did through Vulkan (private arrays too large): the refused dispatch must never become a
    // population's state.
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debugUrl(`${shared.server.url}?preset=single&family=tabular&backend=wasm`));
    if (!(await hasWebGpuAdapter(page))) {
      await context.close();
      t.skip('this Chromium offers no WebGPU adapter');
      return;
    }
    await pollPage(page, 'window.__rd?.session.getState().step > 0', 60_000);
    const rows = await page.evaluate(() =>
      window.__rd.fusedCheck(100, ['tabular:private', 'smooth-encoder:private', 'smooth-encoder:row']),
    );
    const by = Object.fromEntries(rows.map((r) => [r.family, r]));
    assert.equal(by.tabular.program, 'row', JSON.stringify(by.tabular));
    assert.equal(by.smooth.program, 'private', JSON.stringify(by.smooth));
    for (const r of [by.tabular, by.smooth]) {
      const what = JSON.stringify(r);
      assert.ok(
        r.fused && r.fusedVsCpu.rate < 1e-4 && r.fusedVsCpu.distortion < 1e-4,
        `R, D within 1e-4 of cpu: ${what}`,
      );
      assert.ok(r.fusedVsCpu.params <= Math.max(1e-4, 2 * r.cpuVsWebgpu.params), `parameters near cpu: ${what}`);
    }
    const refused = by['smooth-encoder'];
    assert.equal(refused.fused, false, JSON.stringify(refused));
    assert.equal(refused.program, null);
    assert.ok(
      refused.rate <= 1e-6 && refused.distortion <= 1e-6 && refused.params <= 1e-6,
      `refused: the same numbers as the tensor path: ${JSON.stringify(refused)}`,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the fused Adam update of image VAEs (WebGPU and WebGL) trains what the elementwise update trains (20 steps)', async (t) => {
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debugUrl(`${shared.server.url}?preset=single&family=tabular&backend=wasm&start=paused`));
    if (!(await hasWebGpuAdapter(page))) {
      await context.close();
      t.skip('this Chromium offers no WebGPU adapter');
      return;
    }
    await pollPage(page, 'window.__rd?.session.getState().reports > 0', 60_000);
    for (const backend of ['webgpu', 'webgl']) {
      const r = await page.evaluate((b) => window.__rd.adamCheck(20, b), backend);
      const what = JSON.stringify(r);
      assert.equal(r.backend, backend);
      assert.ok(r.fused, `the fused program ran: ${what}`);
      // The same formulas in float32: at most the noise between two correct backends.
      assert.ok(r.params <= Math.max(1e-6, r.cpuVsWebgpu.params), `parameters: ${what}`);
      assert.ok(r.moments <= Math.max(1e-6, r.cpuVsWebgpu.moments), `Adam moments: ${what}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
