/**
 * What closing a tab loses: trains the Figure 2 preset to step 300+, then either closes the page
 * (Playwright's page.close(), which ends the worker at once) or navigates away (pagehide; the
 * worker may finish its save), reopens and prints the step reached against the step restored.
 * To see the close-time save alone, build with SAVE_INTERVAL_MS (src/worker/saved/runKeeper.ts) set to
 * 60000 first, so no periodic save lands in between.  node tests/bench/close-tab.mjs
 */
import { launchBrowser, runState, startServer, waitForRun, debugUrl } from '../e2e/browser.mjs';
const server = await startServer();
const browser = await launchBrowser();
const ctx = await browser.newContext();
const Q = '?preset=figure2&family=smooth-encoder&backend=wasm&speed=100&seed=4';
for (const mode of ['close', 'hidden']) {
  const page = await ctx.newPage();
  await page.goto(debugUrl(server.url + Q));
  await waitForRun(page, 's.step > 300', 60000);
  const at = await runState(page, 's.step');
  if (mode === 'close') await page.close({ runBeforeUnload: true });
  else {
    await page.goto('about:blank');
    await page.close();
  }
  const p2 = await ctx.newPage();
  await p2.goto(debugUrl(server.url + Q));
  await waitForRun(p2, "s.phase === 'paused' || s.phase === 'running'", 30000);
  await p2.waitForTimeout(1500);
  console.log(
    mode,
    'at',
    at,
    'restored',
    await runState(p2, 's.step'),
    'saved',
    await runState(p2, 's.saved?.step ?? null'),
  );
  await p2.evaluate(() => window.__rd.clearSaved?.());
  await p2.close();
}
await browser.close();
server.stop();
