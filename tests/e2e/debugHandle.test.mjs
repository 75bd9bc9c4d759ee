/**
 * The test handle and the benchmarks stay out of normal use: without `debug=1` the page has no
 * `window.__rd`; with it the handle is there and the URLs the page writes keep the flag; the
 * benchmark and debug code are in a chunk of their own that only a debug request loads.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { debugUrl, launchBrowser, startServer } from './browser.mjs';

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

/** Strings that only the benchmark (worker/debug/bench.ts) and the debug handlers (debugHost.ts) hold. */
const MARKERS = ['fused program refused by this device', 'simulated crash (test hook)'];

describe('debug handle and benchmark code', () => {
  it('the page has no window.__rd without debug=1, and has it (kept across URL writes and a reload) with it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}?backend=wasm`);
    await page.waitForSelector('[data-testid=rd-plane] [data-testid=rd-point]', { timeout: 30_000 });
    assert.equal(await page.evaluate(() => typeof window.__rd), 'undefined');
    assert.equal(new URL(page.url()).searchParams.get('debug'), null);

    await page.goto(debugUrl(`${server.url}?backend=wasm&seed=5`));
    await page.waitForFunction(() => window.__rd?.session.getState().step > 0, null, { timeout: 30_000 });
    // A settings change makes the page write its URL: the flag stays, so a reload keeps the handle.
    await page.evaluate(() => window.__rd.setSpeed(50));
    await page.waitForFunction(() => new URL(location.href).searchParams.get('speed') === '50', null, {
      timeout: 10_000,
    });
    assert.equal(new URL(page.url()).searchParams.get('debug'), '1');
    await page.reload();
    await page.waitForFunction(() => typeof window.__rd?.bench === 'function', null, { timeout: 30_000 });
    await context.close();
  });

  it('the benchmark and debug handlers are in a chunk of their own, which nothing loads at start', async () => {
    const assets = readdirSync('dist/assets').filter((f) => f.endsWith('.js'));
    const holding = assets.filter((f) => MARKERS.some((m) => readFileSync(`dist/assets/${f}`, 'utf8').includes(m)));
    assert.ok(holding.length > 0, 'the markers were not found in any chunk: update MARKERS');
    assert.deepEqual(
      holding.filter((f) => !f.startsWith('debugHost-')),
      [],
      'benchmark or debug code outside the debugHost chunk',
    );
    // Nothing imports the chunk statically: only a dynamic import names it.
    for (const f of assets) {
      const text = readFileSync(`dist/assets/${f}`, 'utf8');
      for (const h of holding) {
        const staticImport = new RegExp(`(^|[;}])\\s*import\\s*[^()]*?["'][^"']*${h.replace('.', '\\.')}["']`);
        assert.ok(!staticImport.test(text), `${f} imports ${h} statically`);
      }
    }
  });
});
