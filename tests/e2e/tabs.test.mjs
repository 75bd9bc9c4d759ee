/**
 * Nothing lost with two tabs, a closed tab, or no network (issue 14), in real Chromium:
 * - two pages of one browser context on the same link: the second says the experiment trains in
 *   another tab and does not train; Take over moves ownership (the first saves and stops); after
 *   both close, a reload restores the newest step; the saved-run list follows across tabs;
 * - closing a page about 1 s after its last throttled save: how many steps the reopened run lost;
 * - offline: once loaded, with the context offline and the server stopped, a reload opens the
 *   app from the service worker's cache, trains the Figure 2 preset and loads MNIST;
 * - a redeployed build: the page offers the update, and Reload brings it in.
 * Figures go to test-results/tabs-figures.json.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pollPage, runState, sharedBrowser, startServer, waitForRun, debugUrl } from './browser.mjs';

const OUT = 'test-results';
mkdirSync(OUT, { recursive: true });
const figures = {};
const shared = sharedBrowser(() => {
  writeFileSync(`${OUT}/tabs-figures.json`, JSON.stringify(figures, null, 2));
  console.log('tabs figures:', JSON.stringify(figures));
});
const QUERY = '?preset=figure2&family=smooth-encoder&backend=wasm&speed=100';

function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  return errors;
}

/** Two pages of one context on one link: the first trains and owns the run, the second shows the notice. */
async function twoTabs(query) {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const a = await context.newPage();
  const errors = watchErrors(a);
  await a.goto(debugUrl(`${shared.server.url}${query}`));
  await waitForRun(a, 's.ownership?.owned === true && s.step > 100 && s.saved !== null', 60_000);
  const b = await context.newPage();
  watchErrors(b);
  await b.goto(debugUrl(`${shared.server.url}${query}`));
  await b.getByTestId('ownership-notice').waitFor({ timeout: 30_000 });
  return { context, a, b, errors };
}

describe('tabs, closing and offline', () => {
  it('two tabs of one experiment: the second does not train; take over moves ownership; a reload restores the newest step', async () => {
    const { context, a, b, errors } = await twoTabs(QUERY);
    assert.match(await b.getByTestId('ownership-notice').innerText(), /training in another tab/);
    assert.equal(await b.getByTestId('play-toggle').isDisabled(), true);
    // b does not train, even when asked to (keyboard play reaches the worker, which refuses).
    const bStep = await runState(b, 's.step');
    await b.evaluate(() => window.__rd.play());
    await b.waitForTimeout(1500);
    assert.equal(await runState(b, 's.step'), bStep, 'the second tab does not train');
    assert.ok((await runState(a, 's.step')) > bStep, 'the first tab goes on training');
    // Take over: a saves and stops, b continues from a's save.
    const t0 = Date.now();
    await b.getByTestId('take-over').click();
    await waitForRun(b, 's.ownership?.owned === true', 20_000);
    figures.takeOverSeconds = (Date.now() - t0) / 1000;
    await waitForRun(
      a,
      "s.ownership?.owned === false && s.ownership.reason === 'taken' && s.phase === 'paused'",
      20_000,
    );
    const aStopped = await runState(a, 's.step');
    await waitForRun(b, `s.step === ${aStopped}`, 20_000);
    await a.getByTestId('ownership-notice').waitFor();
    assert.equal(await b.getByTestId('ownership-notice').count(), 0);
    // b trains on; the list in a follows b's saves.
    await b.getByTestId('play-toggle').click();
    await waitForRun(b, `s.step > ${aStopped + 100}`, 30_000);
    await b.evaluate(() => window.__rd.pause());
    await waitForRun(b, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step", 20_000);
    const newest = await runState(b, 's.step');
    await waitForRun(a, `s.savedRuns.some((r) => r.step === ${newest})`, 10_000);
    // a cannot train while b owns it.
    await a.evaluate(() => window.__rd.play());
    await a.waitForTimeout(1000);
    assert.equal(await runState(a, 's.step'), aStopped);
    await a.close();
    await b.close();
    const c = await context.newPage();
    await c.goto(debugUrl(`${shared.server.url}${QUERY}`));
    await waitForRun(c, `s.phase === 'paused' && s.step > 0 && s.ownership?.owned === true`, 30_000);
    figures.twoTabs = {
      firstTabStoppedAt: aStopped,
      newestSaved: newest,
      restoredAfterBothClosed: await runState(c, 's.step'),
    };
    assert.equal(await runState(c, 's.step'), newest, 'the reload restores the newest step');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('open a copy: its own saved run, which this tab trains while the other keeps the original', async () => {
    const { context, a, b } = await twoTabs(`${QUERY}&seed=7`);
    await b.getByTestId('open-copy').click();
    await waitForRun(b, "s.ownership?.owned === true && s.phase === 'paused' && s.step > 0", 20_000);
    await pollPage(b, '/[?&]copy=\\d+/.test(location.search)', 5000);
    const from = await runState(b, 's.step');
    await b.getByTestId('play-toggle').click();
    await waitForRun(b, `s.step > ${from + 50}`, 30_000);
    assert.equal(await runState(a, 's.ownership.owned'), true, 'the first tab keeps the original');
    await waitForRun(a, 's.savedRuns.length === 2', 20_000);
    await context.close();
  });

  it('closing a page 1 s after its last throttled save: steps lost on reopening', async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(debugUrl(`${shared.server.url}${QUERY}&seed=3`));
    await waitForRun(page, 's.saved !== null && s.step > 200', 60_000);
    const first = await runState(page, 's.saved.savedAt');
    await waitForRun(page, `s.saved.savedAt > ${first}`, 30_000); // a throttled save while training
    await page.waitForTimeout(1000);
    const atClose = await runState(page, 's.step');
    await page.close({ runBeforeUnload: true });
    const again = await context.newPage();
    await again.goto(debugUrl(`${shared.server.url}${QUERY}&seed=3`));
    await waitForRun(again, "s.phase === 'paused' && s.step > 0", 30_000);
    const restored = await runState(again, 's.step');
    figures.closeTab = {
      stepAtClose: atClose,
      restored,
      stepsLost: Math.max(0, atClose - restored),
      stepsPerSecond: 100,
    };
    assert.ok(restored > 0 && restored <= atClose + 50);
    await context.close();
  });

  it('offline: a reload opens the app from the cache, trains Figure 2 and loads MNIST', async () => {
    const server = await startServer();
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(debugUrl(`${server.url}${QUERY}`));
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    await waitForRun(page, 's.step > 0', 30_000);
    await context.setOffline(true);
    server.stop();
    await page.reload();
    await waitForRun(page, 's.step > 0', 60_000);
    await page.evaluate(() => window.__rd.play());
    const s0 = await runState(page, 's.step');
    await waitForRun(page, `s.step > ${s0 + 50}`, 30_000);
    await page.goto(debugUrl(`${server.url}?preset=mnist-single&backend=wasm`));
    await waitForRun(page, 's.reports > 0 && Object.values(s.models).some((m) => m.metrics !== null)', 90_000);
    figures.offline = { figure2Steps: await runState(page, 's.step') };
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a browser without Web Locks and service workers: the saved-runs panel says what that means, and training goes on', async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
    // As in an engine without them (the page's APIs only: the worker keeps its own locks here).
    await context.addInitScript(() => {
      delete Navigator.prototype.locks;
      delete Navigator.prototype.serviceWorker;
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(debugUrl(`${shared.server.url}${QUERY}`));
    await waitForRun(page, 's.step > 0', 30_000);
    const caveats = await page.getByTestId('browser-caveat').allInnerTexts();
    assert.equal(caveats.length, 2);
    assert.match(caveats[0], /no Web Locks/);
    assert.match(caveats[1], /not kept for use without a network/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a new build deployed: the page offers to update, and Reload brings it in', async () => {
    // A copy of the build to redeploy: a changed service worker is what a new build looks like to the browser.
    const dir = `${OUT}/dist-update`;
    rmSync(dir, { recursive: true, force: true });
    cpSync('dist', dir, { recursive: true });
    const server = await startServer(undefined, dir);
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(debugUrl(`${server.url}${QUERY}`));
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    appendFileSync(`${dir}/sw.js`, '\n// redeployed\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await page.getByTestId('update-prompt').waitFor({ timeout: 30_000 });
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    await page.getByTestId('update-reload').click();
    await reloaded;
    await page.getByTestId('update-prompt').waitFor({ state: 'detached', timeout: 10_000 });
    await waitForRun(page, 's.reports > 0', 30_000);
    await context.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
