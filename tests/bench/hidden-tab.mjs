/**
 * Does training go on when the page is not in front? Headless Chromium keeps every page
 * "visible" (bringToFront of another tab and minimising leave visibilityState = visible), so the
 * closest this machine can emulate is stronger than hidden: the page is frozen through CDP
 * (Page.setWebLifecycleState, what Chrome does to background tabs it freezes), while the worker
 * trains. Steps/s are measured visible, frozen (read after unfreezing, from the worker's own step
 * count) and visible again. Usage: node tests/bench/hidden-tab.mjs [seconds=10] [query]
 */
import { launchBrowser, pollPage, startServer, debugUrl } from '../e2e/browser.mjs';

const seconds = Number(process.argv[2] ?? 10);
const query = process.argv[3] ?? '?preset=beta-sweep&family=smooth&backend=wasm';
const server = await startServer();
const browser = await launchBrowser();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(debugUrl(server.url + query));
await pollPage(
  page,
  "window.__rd?.session.getState().phase === 'running' && window.__rd.session.getState().step > 100",
  60_000,
);
const step = () => page.evaluate(() => window.__rd.session.getState().step);
const wait = (s) => new Promise((r) => setTimeout(r, s * 1000));
const cdp = await context.newCDPSession(page);
const rates = {};
let s0 = await step();
let t0 = Date.now();
await wait(seconds);
rates.visible = ((await step()) - s0) / ((Date.now() - t0) / 1000);
s0 = await step();
t0 = Date.now();
await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
await wait(seconds);
const frozenFor = (Date.now() - t0) / 1000;
await cdp.send('Page.setWebLifecycleState', { state: 'active' });
await wait(1); // the queued reports arrive
const s1 = await step();
rates.frozen = (s1 - s0) / (frozenFor + 1);
s0 = s1;
t0 = Date.now();
await wait(seconds);
rates.visibleAgain = ((await step()) - s0) / ((Date.now() - t0) / 1000);
console.log(
  JSON.stringify({
    query,
    seconds,
    stepsPerSecond: rates,
    frozenOverVisible: rates.frozen / rates.visible,
    visibilityState: await page.evaluate(() => document.visibilityState),
  }),
);
await browser.close();
server.stop();
