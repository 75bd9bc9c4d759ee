/**
 * The core flows in every classroom browser engine: Chromium (playwright-core), Firefox ESR (WebDriver BiDi) and
 * WebKitGTK (classic WebDriver, MiniBrowser under Xvfb); RD_ENGINES picks some (the rest of the browser suite runs
 * in Chromium only). Each flow is written once against the page interface of engines/engines.mjs:
 * the first open shows Figure 2's claim; an MNIST preset trains and draws its images; a lesson chapter ticks its
 * checks; a reload restores the saved run; a copied link reproduces the experiment; a run file exports and
 * imports; the app opens and trains offline after a reload (every engine here has service workers).
 * Each engine's version and what it lacks go to test-results/engines.json; screenshots to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { debugUrl, pollPage, startServer } from './browser.mjs';
import { ENGINES, launchEngine } from './engines/engines.mjs';

const OUT = 'test-results';
mkdirSync(OUT, { recursive: true });
const engines = (process.env.RD_ENGINES ?? 'chromium,firefox,webkit').split(',').filter(Boolean);
for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`RD_ENGINES: unknown engine "${e}"`);

const report = {};
let server;
before(async () => {
  server = await startServer();
});
after(() => {
  server?.stop();
  writeFileSync(`${OUT}/engines.json`, JSON.stringify(report, null, 2));
  console.log('engines:', JSON.stringify(report));
});

/** Poll `expr` in the page until it is truthy (browser.mjs's pollPage); the error says what the run store held. */
async function poll(page, expr, timeout = 30_000, interval = 250) {
  try {
    return await pollPage(page, expr, timeout, interval);
  } catch (e) {
    e.message += `\n${await page.evaluate(RUN_SUMMARY).catch((err) => err.message)}`;
    throw e;
  }
}

const RUN_SUMMARY = `(() => { const s = window.__rd?.session.getState(); return JSON.stringify(s && {
  phase: s.phase, status: s.statusMessage, step: s.step, saved: s.saved, errors: s.errors,
  pageErrors: window.__rd.pageErrors }); })()`;
/** Wait until `expr` holds for the run store's state `s`. */
const waitRun = (page, expr, timeout) =>
  poll(page, `(() => { const s = window.__rd?.session.getState(); return !!s && (${expr}); })()`, timeout);
const run = (page, expr) => page.evaluate(`(() => { const s = window.__rd.session.getState(); return ${expr}; })()`);
/** Every point on the RD plane: model, rate, distortion and (toy) class information. */
const points = (page) =>
  page.evaluate(`[...document.querySelectorAll('[data-testid=rd-plane] [data-testid=rd-point]')].map((e) => ({
    model: e.dataset.model, rate: Number(e.dataset.rate), distortion: Number(e.dataset.distortion),
    classInfo: e.dataset.classInfo === undefined ? null : Number(e.dataset.classInfo) }))`);
/** No uncaught page errors and no error messages shown by the app. */
async function assertNoErrors(page) {
  const errs = await page.evaluate(
    '(() => { const s = window.__rd.session.getState(); return [...window.__rd.pageErrors, ...s.errors]; })()',
  );
  assert.deepEqual(errs, []);
}

for (const engine of engines) {
  describe(`core flows in ${engine}`, () => {
    let browser;
    const lacks = [];
    before(async () => {
      browser = await launchEngine(engine);
    });
    after(async () => {
      report[engine] = { version: browser?.version ?? null, lacks };
      await browser?.close();
    });
    /** A page with fresh storage at `query` (debug handle on). */
    async function open(query, size = { width: 1440, height: 900 }) {
      const page = await browser.openPage(size);
      await page.goto(debugUrl(`${server.url}${query}`));
      await poll(page, 'window.__rd !== undefined', 30_000);
      return page;
    }

    /** Run `flow` on a page opened at `query`; the page closes whatever happens. */
    async function onPage(query, size, flow) {
      const page = await open(query, size);
      try {
        await flow(page);
      } finally {
        await page.close();
      }
    }

    it('first open: Figure 2 trains on the default page and shows its claim; what the engine lacks is said', async () => {
      await onPage('', undefined, async (page) => {
        const features = await page.evaluate(`(async () => ({
            webgpu: !!(navigator.gpu && (await navigator.gpu.requestAdapter().catch(() => null))),
            webLocks: 'locks' in navigator, offscreenCanvas: typeof OffscreenCanvas === 'function',
            persistentStorage: !!navigator.storage?.persist, serviceWorkers: 'serviceWorker' in navigator }))()`);
        for (const [k, v] of Object.entries(features)) if (!v) lacks.push(k);
        await waitRun(page, "s.step > 0 && s.backend !== null && s.experiment?.family === 'smooth-encoder'", 60_000);
        // The claim of Figure 2: the ELBO model loses its rate and its class information, the σ = 0.5 model keeps both.
        await poll(
          page,
          `(() => { const p = [...document.querySelectorAll('[data-testid=rd-plane] [data-testid=rd-point]')];
              const e = p.find((x) => x.dataset.model === 'elbo'); const t = p.find((x) => x.dataset.model === 'target');
              return e && t && Number(e.dataset.rate) < 0.1 && Number(e.dataset.classInfo) < Number(t.dataset.classInfo);
            })()`,
          90_000,
        );
        assert.equal(await page.evaluate("document.querySelectorAll('[data-testid=legend-model]').length"), 3);
        // The backend badge says which backend trains, and why the others were not taken (no WebGPU here).
        const why = await page.evaluate(
          "document.querySelector('[data-testid=backend-badge]').parentElement.innerText",
        );
        report[`${engine}Backend`] = why.replace(/\s+/g, ' ').trim();
        if (!features.webgpu) assert.match(why, /no WebGPU adapter/);
        if (!features.persistentStorage)
          await poll(
            page,
            `(() => { const e = document.querySelector('[data-testid=storage-info]');
                return e?.dataset.persisted === 'false' && e.textContent.includes('offers no persistent storage'); })()`,
          );
        await page.screenshot(`${OUT}/engine-${engine}-default.png`);
        await assertNoErrors(page);
      });
    });

    it('an MNIST preset trains and draws its reconstructions and samples', async () => {
      await onPage('?preset=mnist-single&zdim=4&hidden=32&batch=8', undefined, async (page) => {
        await waitRun(page, 's.step > 3 && s.models.r0?.metrics !== null', 90_000);
        const inked = (
          id,
        ) => `(() => { const c = document.querySelector('[data-testid=${id}] canvas, canvas[data-testid=${id}]');
            if (!c) return false; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++; return dark > 0; })()`;
        await poll(page, inked('recon-grid'), 60_000);
        await poll(page, inked('sample-grid'), 60_000);
        assert.equal((await points(page)).length, 1);
        await page.screenshot(`${OUT}/engine-${engine}-mnist.png`);
        await assertNoErrors(page);
      });
    });

    it('lesson chapter 1 starts at step 0 and its checks tick', async () => {
      await onPage('?lesson=1', { width: 1280, height: 720 }, async (page) => {
        await waitRun(page, 's.reports > 0', 60_000);
        assert.equal(await run(page, 's.step'), 0);
        assert.ok((await page.evaluate("document.querySelectorAll('[data-testid=lesson-check]').length")) >= 2);
        await page.click('lesson-play');
        await page.evaluate('window.__rd.setSpeed(null)');
        await poll(
          page,
          "[...document.querySelectorAll('[data-testid=lesson-check]')].every((e) => e.dataset.ok === 'true')",
          120_000,
        );
        await assertNoErrors(page);
      });
    });

    it('a reload restores the saved run, paused at the same step with the same numbers', async () => {
      await onPage('?preset=figure2&family=tabular&seed=5', undefined, async (page) => {
        await waitRun(page, 's.step > 50', 60_000);
        await page.evaluate('window.__rd.pause()');
        await waitRun(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
        const step = await run(page, 's.step');
        const before = await points(page);
        await page.reload();
        await waitRun(page, `s.step === ${step} && s.phase === 'paused' && s.models.target?.metrics !== null`, 60_000);
        assert.deepEqual(await points(page), before);
        await assertNoErrors(page);
      });
    });

    it('a copied link reproduces the experiment: same settings, the same numbers after the same steps', async () => {
      const steps = async (page) => {
        await waitRun(page, 's.step > 0', 60_000);
        await page.evaluate('window.__rd.pause()');
        await waitRun(page, "s.phase === 'paused'");
        await page.evaluate('window.__rd.reset()');
        await waitRun(page, 's.step === 0');
        await page.evaluate('window.__rd.step(25)');
        await waitRun(page, 's.step === 25 && s.models.target?.metrics !== null');
        return points(page);
      };
      const first = await open('?preset=figure2&family=tabular');
      let link;
      let a;
      try {
        await first.fill('seed-input', '7');
        await poll(first, "location.search.includes('seed=7')");
        await first.click('copy-link');
        // Headless engines may refuse the clipboard: the page then says how to copy the address instead.
        const said = await poll(
          first,
          "(() => { const t = document.body.innerText; return t.includes('link copied') ? 'copied' : t.includes('copy failed: select the address bar') ? 'refused' : null; })()",
          10_000,
        );
        if (said === 'refused') lacks.push('clipboard');
        link = await first.url();
        a = await steps(first);
      } finally {
        await first.close();
      }
      const second = await browser.openPage({ width: 1440, height: 900 });
      try {
        await second.goto(link);
        await poll(second, 'window.__rd !== undefined', 30_000);
        await poll(second, "document.querySelector('[data-testid=seed-input]')?.value === '7'", 10_000);
        assert.deepEqual(await steps(second), a);
        await assertNoErrors(second);
      } finally {
        await second.close();
      }
    });

    it('a run file exports and imports into a fresh profile: same step and numbers', async () => {
      const page = await open('?preset=figure2&family=tabular&seed=3');
      let text;
      let step;
      let before;
      try {
        await waitRun(page, 's.step > 50', 60_000);
        await page.evaluate('window.__rd.pause()');
        await waitRun(page, "s.phase === 'paused' && s.models.target?.metrics !== null");
        step = await run(page, 's.step');
        before = await points(page);
        // The download itself is the engine's; the file is the blob the page hands it.
        await page.evaluate(`(() => { window.__exported = null; const make = URL.createObjectURL;
          URL.createObjectURL = (b) => { window.__exported = b; return make.call(URL, b); }; return true; })()`);
        await page.click('export-run');
        await poll(page, 'window.__exported !== null', 30_000);
        text = await page.evaluate('window.__exported.text()');
      } finally {
        await page.close();
      }
      const path = `${process.cwd()}/${OUT}/engine-${engine}-run.json`;
      writeFileSync(path, text);
      const other = await open('?preset=beta-sweep&family=smooth');
      try {
        await waitRun(other, 's.step > 5', 60_000);
        await other.setFiles('import-run-input', path);
        await waitRun(other, `s.step === ${step} && s.phase === 'paused' && s.models.target?.metrics !== null`, 60_000);
        await poll(other, "location.search.includes('preset=figure2') && location.search.includes('seed=3')", 10_000);
        assert.deepEqual(await points(other), before);
        await assertNoErrors(other);
      } finally {
        await other.close();
      }
    });

    it('offline: once the app is kept, a reload without the server opens it and trains', async () => {
      const own = await startServer();
      const page = await browser.openPage({ width: 1280, height: 800 });
      try {
        await page.goto(debugUrl(`${own.url}?preset=figure2&family=tabular`));
        await poll(page, "document.querySelector('[data-testid=offline-ready]') !== null", 90_000);
        own.stop();
        await new Promise((r) => setTimeout(r, 500));
        await page.reload();
        await poll(page, 'window.__rd !== undefined', 60_000);
        await page.evaluate('window.__rd.play()');
        await waitRun(page, 's.step > 50', 60_000);
        await assertNoErrors(page);
      } finally {
        own.stop();
        await page.close();
      }
    });
  });
}
