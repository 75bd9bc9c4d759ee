/**
 * Does every lesson chapter fit the screen? For each chapter at w×h (default 1280×720), after
 * `wait` ms: the bottom edge (px) of the lesson panel and of the plots, and a screenshot in
 * /tmp/fit-N.png. Needs a build (npm run build).  node tests/bench/lesson-fit.mjs [w h wait]
 */
import { launchBrowser, startServer, debugUrl } from '../e2e/browser.mjs';
const [w = 1280, h = 720, wait = 10000] = process.argv.slice(2).map(Number);
const server = await startServer();
const browser = await launchBrowser();
for (let n = 1; n <= 9; n++) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await ctx.newPage();
  await page.goto(debugUrl(`${server.url}/?lesson=${n}`));
  await page.waitForTimeout(wait);
  const m = await page.evaluate(() => {
    const b = (sel) => Math.round(document.querySelector(sel)?.getBoundingClientRect().bottom ?? -1);
    return { panel: b('[data-testid=lesson-panel]'), plots: b('.plots'), sw: document.documentElement.scrollWidth };
  });
  await page.screenshot({ path: `/tmp/fit-${n}.png` });
  console.log(n, JSON.stringify(m));
  await ctx.close();
}
await browser.close();
server.stop();
