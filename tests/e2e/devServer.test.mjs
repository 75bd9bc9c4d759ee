/**
 * The README's first command starts the dev server (npm start): the app must train there too, not
 * only in the build. The dev server pre-bundles tfjs in chunks of its own (rolldown), and a wrong
 * import order in the workers once left the training worker failing to load ("Cannot evaluate flag
 * 'DEBUG'"), so the page stayed at "loading the training worker" while every build test passed.
 * Here: `vite --force` (a fresh pre-bundle, as on a fresh machine), the default experiment, and the
 * same on a pool of 2 workers (the pool's pool workers are their own entry).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, runState, startDevServer, waitForRun, debugUrl } from './browser.mjs';

let dev;
let browser;

before(async () => {
  dev = await startDevServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  dev?.stop();
});

async function trains(query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(debugUrl(`${dev.url}${query}`));
    // The first page load may be reloaded once by the dev server when its pre-bundle changes.
    await waitForRun(page, "s.phase === 'running' && s.step > 20", 120_000).catch(async (e) => {
      throw new Error(
        `${e.message}; state ${JSON.stringify(await runState(page, '({ phase: s.phase, message: s.statusMessage, errors: s.errors })').catch(() => null))}; dev server: ${dev.log().slice(-300)}`,
      );
    });
    return { errors, pool: await runState(page, 's.pool?.workers ?? null') };
  } finally {
    await context.close();
  }
}

describe('the dev server (npm start)', () => {
  it('trains the default experiment', async () => {
    const { errors } = await trains('');
    assert.deepEqual(errors, []);
  });

  it('trains on a pool of 2 workers', async () => {
    const { errors, pool } = await trains('?pool=2&backend=wasm');
    assert.equal(pool, 2);
    assert.deepEqual(errors, []);
  });
});
