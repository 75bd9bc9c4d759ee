/**
 * Browser walk through the lesson: every chapter loads (lesson=N), has its text with typeset
 * formulas, its checks and (where it has them) annotations; the toy and two-Gaussian chapters'
 * checks tick once trained (full speed here, to keep the test short); Next / Back / keys and bad
 * lesson= values work. Screenshots of every chapter at 1280×720 go to test-results/lesson-N.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, pollPage, runState, startServer, waitForRun, debugUrl } from './browser.mjs';

const OUT = 'test-results';
mkdirSync(OUT, { recursive: true });
let server;
let browser;
const figures = {};
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  writeFileSync(`${OUT}/lesson-figures.json`, JSON.stringify(figures, null, 2));
  console.log('lesson figures:', JSON.stringify(figures));
  await browser?.close();
  server?.stop();
});

async function open(query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  await page.goto(debugUrl(`${server.url}/${query}`));
  await page.getByTestId('lesson-panel').waitFor({ timeout: 20_000 });
  return { page, context, errors };
}

/** Seconds within which each chapter's checks must tick here (the MNIST ones, 5–7, from their checkpoints). */
const LIVE = { 1: 60, 2: 60, 3: 60, 4: 90, 5: 120, 6: 120, 7: 120, 8: 120, 9: 90 };
/** Chapters that start from a shipped checkpoint (the step it was made at). */
const CHECKPOINT = { 5: 1500, 6: 1500, 7: 1500 };

describe('lesson', () => {
  for (let n = 1; n <= 9; n++) {
    it(`chapter ${n}: loads paused with text, formulas and checks${LIVE[n] ? '; its checks tick' : ''}`, async () => {
      const { page, context, errors } = await open(`?lesson=${n}`);
      assert.equal(await page.getByTestId('lesson-panel').getAttribute('data-chapter'), String(n));
      assert.ok((await page.getByTestId('lesson-title').innerText()).length > 10);
      assert.ok((await page.locator('[data-testid=lesson-body] .katex').count()) > 0, 'formulas typeset');
      assert.ok((await page.getByTestId('lesson-check').count()) >= 2);
      await waitForRun(page, 's.reports > 0', 60_000);
      if (CHECKPOINT[n]) {
        // It starts from its checkpoint, paused, and says so.
        await waitForRun(page, `s.step === ${CHECKPOINT[n]} && s.phase === 'paused'`, 60_000);
        assert.match(await page.getByTestId('lesson-note').innerText(), /checkpoint/);
      } else assert.equal(await runState(page, 's.step'), 0, 'a chapter starts paused');
      await page.getByTestId('lesson-play').waitFor();
      await page.screenshot({ path: `${OUT}/lesson-${n}.png` });
      // A projector: the chapter's text, checks and plots fit 1280×720 without scrolling.
      const bottoms = await page.evaluate(() =>
        ['[data-testid=lesson-panel]', '.plots'].map((q) =>
          Math.round(document.querySelector(q).getBoundingClientRect().bottom),
        ),
      );
      figures[`chapter${n}Bottoms`] = bottoms;
      assert.ok(
        bottoms.every((b) => b <= 720),
        `chapter ${n} fits 1280×720 (panel and plots end at ${bottoms} px)`,
      );
      if (LIVE[n]) {
        const t0 = Date.now();
        await page.getByTestId('lesson-play').click();
        await page.evaluate(() => window.__rd.setSpeed(null));
        await pollPage(
          page,
          `[...document.querySelectorAll('[data-testid=lesson-check]')].every((e) => e.dataset.ok === 'true')`,
          LIVE[n] * 1000,
          250,
        );
        figures[`chapter${n}ChecksSeconds`] = (Date.now() - t0) / 1000;
        figures[`chapter${n}Step`] = await runState(page, 's.step');
        await page.evaluate(() => window.__rd.pause());
        await page.screenshot({ path: `${OUT}/lesson-${n}-done.png` });
        if ((await page.locator('[data-testid=rd-annotation]').count()) === 0 && [1, 2, 3, 4, 9].includes(n)) {
          assert.ok((await page.locator('[data-testid=skew-annotation]').count()) > 0, 'annotations drawn');
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  it('after the default page has trained, chapters 1–4 and 9 open at step 0, unticked, and leave its saved run alone', async () => {
    const ticks = (p) => p.$$eval('[data-testid=lesson-check]', (els) => els.map((e) => e.dataset.ok === 'true'));
    // What each chapter shows at step 0 in a fresh profile: some checks are facts that hold from the start (chapter
    // 1: the bound, the hand-made optimum); the ones about training must not have ticked.
    const fresh = {};
    for (const n of [1, 2, 3, 4, 9]) {
      const f = await open(`?lesson=${n}`);
      await waitForRun(f.page, 's.reports > 0 && Object.values(s.models).every((m) => m.metrics !== null)', 30_000);
      fresh[n] = await ticks(f.page);
      await f.context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debugUrl(`${server.url}/`));
    await waitForRun(page, 's.step > 300 && s.saved !== null', 60_000);
    await page.evaluate(() => window.__rd.pause());
    await waitForRun(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
    const saved = await runState(page, 's.saved.step');
    const unticked = async (n) => {
      await pollPage(page, `document.querySelector('[data-testid=lesson-panel]')?.dataset.chapter === '${n}'`);
      await waitForRun(
        page,
        "s.reports > 0 && s.phase === 'paused' && Object.values(s.models).every((m) => m.metrics !== null)",
        30_000,
      );
      assert.equal(await runState(page, 's.step'), 0, `chapter ${n} starts at step 0`);
      const ok = await ticks(page);
      assert.deepEqual(ok, fresh[n], `chapter ${n}: the checks of a fresh start before Play`);
      assert.ok(ok.length >= 2 && ok.some((v) => !v), `chapter ${n}: something left to watch (${ok})`);
    };
    // Opened from the explorer, by a link, and with Next: each starts afresh.
    await page.getByTestId('lesson-start').click();
    await unticked(1);
    for (const n of [2, 3, 4]) {
      await page.getByTestId('lesson-next').click();
      await unticked(n);
    }
    await page.goto(debugUrl(`${server.url}/?lesson=9`));
    await unticked(9);
    await page.goto(debugUrl(`${server.url}/?lesson=3`));
    await unticked(3);
    // Chapter 3 trained a little; the page's saved run is still the one it left.
    await page.getByTestId('lesson-play').click();
    await waitForRun(page, 's.step > 20', 30_000);
    await page.getByTestId('lesson-exit').click();
    await waitForRun(page, `s.step === ${saved} && s.phase === 'paused'`, 30_000);
    const runs = await runState(page, 's.savedRuns.map((r) => r.step)');
    assert.deepEqual(runs, [saved], 'the saved runs are the explorer one, at the step it was saved');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('chapter 6: one rate per model: the InfoVAE point sits at the held-out rate its check reads', async () => {
    const { page, context, errors } = await open('?lesson=6');
    await waitForRun(page, `s.step === ${CHECKPOINT[6]} && s.models.info?.metrics?.heldOut`, 60_000);
    const point = page.locator('[data-testid=rd-plane] [data-testid=rd-point][data-model=info]');
    await pollPage(
      page,
      `document.querySelector('[data-testid=rd-plane] [data-testid=rd-point][data-model=info]')?.dataset.measured === 'held-out'`,
    );
    const rate = Number(await point.getAttribute('data-rate'));
    assert.equal(rate, await runState(page, 's.models.info.metrics.heldOut.heldOutRateNats'));
    const check = await page.getByTestId('lesson-check').nth(1).innerText();
    const read = Number(/now ([\d.]+)/.exec(check)?.[1]);
    figures.chapter6InfoRate = { point: rate, check: read };
    assert.equal(rate.toFixed(2), read.toFixed(2), `point R ${rate} vs check "${check}"`);
    assert.match(await page.getByTestId('legend-measured').innerText(), /points: held-out R and D/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('Next / Back buttons and keys move between chapters; Exit leaves; a bad lesson= gives a notice', async () => {
    const { page, context } = await open('?lesson=2');
    await page.getByTestId('lesson-next').click();
    await pollPage(page, `document.querySelector('[data-testid=lesson-panel]').dataset.chapter === '3'`);
    await pollPage(page, `location.search.includes('lesson=3')`, 5000);
    await page.keyboard.press('PageUp');
    await pollPage(page, `document.querySelector('[data-testid=lesson-panel]').dataset.chapter === '2'`);
    await page.keyboard.press('n');
    await pollPage(page, `document.querySelector('[data-testid=lesson-panel]').dataset.chapter === '3'`);
    await page.getByTestId('lesson-back').click();
    await pollPage(page, `document.querySelector('[data-testid=lesson-panel]').dataset.chapter === '2'`);
    await page.getByTestId('lesson-exit').click();
    await page.getByTestId('lesson-start').waitFor();
    await pollPage(page, `!location.search.includes('lesson=')`, 5000);
    await context.close();
    const bad = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const p = await bad.newPage();
    await p.goto(debugUrl(`${server.url}/?lesson=42`));
    await p.getByTestId('lesson-panel').waitFor();
    assert.equal(await p.getByTestId('lesson-panel').getAttribute('data-chapter'), '1');
    await p.getByText(/no lesson chapter "42"/).waitFor();
    await bad.close();
  });
});
