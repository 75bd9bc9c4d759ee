/**
 * Real-browser tests: the built app in headless Chromium (WebGPU enabled, software adapter here).
 * Short: a few seconds of training per test. Screenshots and measured figures go to test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { hasWebGpuAdapter, launchBrowser, pollPage, runState, startServer, waitForRun, debugUrl } from './browser.mjs';

const OUT = 'test-results';
mkdirSync(OUT, { recursive: true });
const figures = {};
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  writeFileSync(`${OUT}/e2e-figures.json`, JSON.stringify(figures, null, 2));
  console.log('measured figures:', JSON.stringify(figures));
  await browser?.close();
  server?.stop();
});

async function open(query = '') {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  const foreign = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  page.foreignRequests = foreign;
  await page.goto(debugUrl(`${server.url}${query}`));
  return { page, context, errors };
}

const points = (page) =>
  page.$$eval('[data-testid=rd-plane] [data-testid=rd-point]', (els) =>
    els.map((e) => ({
      model: e.getAttribute('data-model'),
      rate: Number(e.getAttribute('data-rate')),
      distortion: Number(e.getAttribute('data-distortion')),
    })),
  );
const waitFor = (page, expr, timeout = 20_000) => waitForRun(page, expr, timeout);

describe('explorer in a real browser', () => {
  it('loads the Figure 2 preset, shows a backend and points that move; reports load and frame-rate figures', async () => {
    const { page, context, errors } = await open();
    await page.waitForSelector('[data-testid=rd-plane] [data-testid=rd-point]', { timeout: 30_000 });
    await waitFor(page, 's.backend !== null && s.step > 50');
    const badge = await page.getByTestId('backend-badge').textContent();
    assert.match(badge, /backend: (webgpu|webgl|wasm|cpu)/);
    const first = await points(page);
    assert.deepEqual(first.map((p) => p.model).sort(), ['elbo', 'hand', 'target']);
    for (const p of first) assert.ok(Number.isFinite(p.rate) && Number.isFinite(p.distortion));
    const hand = first.find((p) => p.model === 'hand');
    assert.ok(Math.abs(hand.rate - 0.5) < 1e-6, `hand optimum rate ${hand.rate}`);
    await page.waitForTimeout(1500);
    const later = await points(page);
    const moved = later.filter(
      (p) =>
        p.model !== 'hand' &&
        first.some((q) => q.model === p.model && (q.rate !== p.rate || q.distortion !== p.distortion)),
    );
    assert.ok(moved.length >= 1, 'trained points move');
    // Main-thread frame rate: count animation frames for 2 s, first while the probe worker may
    // still be measuring other backends, then in steady training once the choice is final.
    const frameRate = () =>
      page.evaluate(
        () =>
          new Promise((resolve) => {
            let n = 0;
            const t0 = performance.now();
            const tick = () => {
              n++;
              if (performance.now() - t0 < 2000) requestAnimationFrame(tick);
              else resolve((n * 1000) / (performance.now() - t0));
            };
            requestAnimationFrame(tick);
          }),
      );
    figures.framesPerSecondDuringStartupProbe = Number((await frameRate()).toFixed(1));
    // Training started on wasm at once; the probe worker's measurements settle the final choice.
    // The probe compiles webgl and software-webgpu programs on first use: on a busy machine that takes far longer.
    await waitFor(page, 's.backend.provisional === false', 90_000);
    assert.match(
      await page.getByTestId('backend-badge').getAttribute('title'),
      /fastest in a measured warm-up|hardware WebGPU/,
    );
    assert.ok((await runState(page, 's.phase')) === 'running');
    figures.framesPerSecondWhileTraining = Number((await frameRate()).toFixed(1));
    figures.firstPointMs = await runState(page, 's.firstPointMs');
    figures.backendChosenMs = await runState(page, 's.backendChosenMs');
    figures.firstTrainedPointMs = await runState(page, 's.firstTrainedPointMs');
    figures.backend = await runState(page, 's.backend');
    figures.stepsPerSecondFigure2 = await runState(page, 's.stepsPerSecond');
    const panels = await page.getByTestId('figure2-panel').count();
    assert.equal(panels, 3);
    assert.ok((await page.getByTestId('metrics-panel').innerText()).includes('rate R'));
    await page.screenshot({ path: `${OUT}/figure2.png`, fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(page.foreignRequests, [], 'no request leaves the page origin');
    await context.close();
  });

  it('dragging σ on the plane retargets the selected model, and the URL follows', async () => {
    const { page, context } = await open('?preset=figure2&family=tabular&objective=target-lagrange&sigma=0.5');
    await waitFor(page, 's.step > 20');
    const handle = page.locator('[data-testid=rd-plane] .sigma .handle');
    const box = await handle.boundingBox();
    // Map σ = 2 nats to screen x through the plane's own axis: read two tick positions.
    const target = await page.evaluate(() => {
      const svg = document.querySelector('[data-testid=rd-plane]');
      const ticks = [...svg.querySelectorAll('.axis g')].filter(
        (g) => g.getAttribute('transform')?.includes(',') && g.querySelector('line[y2]'),
      );
      const pos = ticks.map((g) => ({
        v: Number(g.textContent),
        x: g.getBoundingClientRect().left + g.getBoundingClientRect().width / 2,
      }));
      const a = pos.find((p) => p.v === 0);
      const b = pos.find((p) => p.v === 2);
      return { x: b.x, x0: a.x };
    });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move((box.x + target.x) / 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(target.x, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    const sigma = Number(await page.getByTestId('target-rate-input').inputValue());
    assert.ok(Math.abs(sigma - 2) < 0.1, `σ after drag ${sigma}`);
    // The URL is written from the reported state, once the drag has ended.
    await pollPage(page, `Math.abs(Number(new URL(location.href).searchParams.get('sigma')) - ${sigma}) < 1e-3`, 5000);
    await waitFor(page, `Math.abs(s.models.target.metrics.rateNats - ${sigma}) < 0.05`, 30_000);
    const rate = (await points(page)).find((p) => p.model === 'target').rate;
    assert.ok(Math.abs(rate - sigma) < 0.05, `rate ${rate} follows σ ${sigma}`);
    await page.screenshot({ path: `${OUT}/sigma-drag.png` });
    await context.close();
  });

  it('a β change reaches the RD plane; the latency is measured', async () => {
    const { page, context } = await open('?preset=single&family=tabular&objective=beta&beta=1');
    await waitFor(page, 's.step > 20');
    const latencies = [];
    for (const beta of ['0.5', '0.2', '2']) {
      await page.getByTestId('beta-input').fill(beta);
      await page.getByTestId('beta-input').press('Enter');
      await waitFor(
        page,
        `s.objectiveLatencyMs !== null && Math.abs(s.models.m0.metrics.betaEffective - ${beta}) < 1e-6`,
      );
      latencies.push(await runState(page, 's.objectiveLatencyMs'));
      await page.waitForTimeout(300);
    }
    figures.betaChangeToRdUpdateMs = latencies;
    // The URL is written once the settings have been still for a moment: wait for it, not for the report.
    await pollPage(page, `new URL(location.href).searchParams.get('beta') === '2'`, 5000);
    // The slope line of the selected model is drawn; dragging it sets β = −ΔD/ΔR at the pointer.
    assert.equal(await page.getByTestId('beta-line').count(), 1);
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused'");
    const geo = await page.evaluate(() => {
      const svg = document.querySelector('[data-testid=rd-plane]');
      const pt = svg.querySelector('[data-testid=rd-point]').getBoundingClientRect();
      const line = svg.querySelector('[data-testid=beta-line] line').getBoundingClientRect();
      return {
        px: pt.left + pt.width / 2,
        py: pt.top + pt.height / 2,
        x: line.left,
        y: line.top,
        w: line.width,
        h: line.height,
      };
    });
    // The line descends from (x, y) to (x + w, y + h): grab it 60 % along, away from the point,
    // then move the pointer to a much flatter direction from the model's point.
    await page.mouse.move(geo.x + 0.6 * geo.w, geo.y + 0.6 * geo.h);
    await page.mouse.down();
    await page.mouse.move(geo.px + 150, geo.py + 20, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await page.getByTestId('beta-input').inputValue());
    // β must be the slope from the model's point to where the pointer let go, in data units (read off the axes' ticks).
    const perPx = await page.evaluate(() => {
      const svg = document.querySelector('[data-testid=rd-plane]');
      const centre = (g, axis) => {
        const b = g.getBoundingClientRect();
        return axis === 'x' ? b.left + b.width / 2 : b.top + b.height / 2;
      };
      const ticks = (sel, axis) =>
        [...svg.querySelectorAll('.axis g')]
          .filter((g) => g.querySelector(sel))
          .map((g) => ({ v: Number(g.textContent), p: centre(g, axis) }));
      const perPixel = (t) => (t[t.length - 1].v - t[0].v) / (t[t.length - 1].p - t[0].p);
      return { rate: perPixel(ticks('line[y2]', 'x')), distortion: perPixel(ticks('line[x2]', 'y')) };
    });
    const slope = -(20 * perPx.distortion) / (150 * perPx.rate);
    assert.ok(
      Math.abs(dragged - slope) < 0.15 * slope + 0.02,
      `β after drag ${dragged} vs slope at the pointer ${slope}`,
    );
    assert.equal(await page.getByTestId('objective-select').inputValue(), 'beta');
    await context.close();
  });

  it('URL round-trip: a link restores preset, family, seed, units and objective', async () => {
    const q =
      '?preset=sigma-sweep&family=tabular&objective=target-penalty&beta=1&sigma=0.5&lambda=2&anneal=5000&seed=5&lr=0.003&backend=auto&units=bits';
    const { page, context } = await open(q);
    await page.waitForSelector('[data-testid=rd-plane] [data-testid=rd-point]');
    assert.equal(await page.locator('[data-testid=rd-plane] [data-testid=rd-point]').count(), 16);
    assert.equal(await page.getByTestId('preset-select').inputValue(), 'sigma-sweep');
    assert.equal(await page.getByTestId('seed-input').inputValue(), '5');
    assert.equal(await page.getByTestId('units-select').inputValue(), 'bits');
    assert.ok((await page.getByTestId('rd-plane').textContent()).includes('bits'));
    // The URL is written from what the worker reports: the primary model's σ is the sweep's own (2H/15), not the
    // link's 0.5. The page writes it once the settings have been still for a moment, so wait for that write.
    await waitFor(page, 's.models.s2?.spec.objective.targetRateNats !== 0.5');
    const primarySigma = await runState(page, 's.models.s2.spec.objective.targetRateNats');
    await pollPage(
      page,
      `Math.abs(Number(new URL(location.href).searchParams.get('sigma')) - ${primarySigma}) < 1e-9`,
      5000,
    );
    const url = new URL(page.url());
    for (const [k, v] of new URLSearchParams(q)) if (k !== 'sigma') assert.equal(url.searchParams.get(k), v, k);
    assert.ok(
      Math.abs(Number(url.searchParams.get('sigma')) - primarySigma) < 1e-9,
      'URL σ is the primary model’s σ in force',
    );
    await page.getByTestId('family-select').selectOption('smooth');
    await pollPage(page, `new URL(location.href).searchParams.get('family') === 'smooth'`, 5000);
    await page.reload();
    await page.waitForSelector('[data-testid=rd-plane] [data-testid=rd-point]');
    assert.equal(await page.getByTestId('family-select').inputValue(), 'smooth');
    await context.close();
  });

  it('same seed and backend → the same numbers after the same steps', async () => {
    const run = async () => {
      const { page, context } = await open('?preset=figure2&family=smooth&backend=wasm&seed=3');
      await waitFor(page, 's.step > 0');
      await page.evaluate(() => window.__rd.pause());
      await waitFor(page, "s.phase === 'paused'");
      await page.evaluate(() => window.__rd.reset());
      await waitFor(page, 's.step === 0');
      await page.evaluate(() => window.__rd.step(25));
      await waitFor(page, 's.step === 25');
      const pts = await points(page);
      await context.close();
      return pts;
    };
    const a = await run();
    const b = await run();
    assert.equal(a.length, 3);
    assert.deepEqual(b, a);
  });

  it('reload loses nothing: the run comes back paused at the same step with the same numbers', async () => {
    const { page, context } = await open('?preset=figure2&family=smooth&backend=wasm');
    await waitFor(page, 's.step > 200');
    await page.getByTestId('target-rate-input').fill('0.8');
    await page.getByTestId('target-rate-input').press('Enter');
    await page.waitForTimeout(500);
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused'");
    await page.waitForTimeout(300); // the pause saves the run
    const step = await runState(page, 's.step');
    const before = await points(page);
    await page.reload();
    await page.getByTestId('url-notice').filter({ hasText: 'Restored your run' }).waitFor({ timeout: 20_000 });
    await waitFor(page, `s.step === ${step} && s.phase === 'paused' && s.models.target.metrics !== null`);
    assert.deepEqual(await points(page), before);
    assert.equal(await page.getByTestId('target-rate-input').inputValue(), '0.8');
    assert.match(await page.getByTestId('play-toggle').textContent(), /Play/);
    await page.getByTestId('play-toggle').click();
    await waitFor(page, `s.step > ${step + 50}`);
    // The saved run is listed with its size; deleting it (confirmed) means a reload starts afresh.
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.saved !== null && s.saved.step === s.step");
    assert.match(await page.getByTestId('saved-run').textContent(), /step \d+ · [\d.]+ KB/);
    await page.getByTestId('delete-saved').click();
    await page.getByTestId('confirm-delete').click();
    await waitFor(page, 's.saved === null');
    assert.match(await page.getByTestId('saved-run').textContent(), /nothing saved/);
    await page.reload();
    await waitFor(page, "s.phase === 'running' && s.step > 0");
    assert.equal(await page.getByTestId('url-notice').filter({ hasText: 'Restored your run' }).count(), 0);
    // Several experiments keep a run each: listed with sizes; "open" reopens one, restored; clear all empties the list.
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.saved !== null && s.savedRuns.length === 1");
    await page.goto(debugUrl(`${server.url}?preset=beta-sweep&family=smooth&seed=7&backend=wasm`));
    await waitFor(page, 's.step > 20');
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused' && s.savedRuns.length === 2");
    assert.equal(await page.getByTestId('saved-item').count(), 2);
    for (const t of await page.getByTestId('saved-item').allTextContents()) assert.match(t, /step \d+ · [\d.]+ KB/);
    const firstStep = await runState(page, "s.savedRuns.find((r) => r.label.startsWith('ELBO vs target')).step");
    await page.getByTestId('saved-open').click();
    await page.getByTestId('url-notice').filter({ hasText: 'Restored your run' }).waitFor({ timeout: 20_000 });
    await waitFor(page, `s.step === ${firstStep} && s.phase === 'paused'`);
    await page.getByTestId('clear-saved').click();
    await page.getByTestId('confirm-clear').click();
    await waitFor(page, 's.savedRuns.length === 0 && s.saved === null');
    await context.close();
  });

  it('a crashed worker is replaced and the run continues from its last save', async () => {
    const { page, context } = await open('?preset=sigma-sweep&family=tabular&backend=wasm');
    await waitFor(page, 's.step > 100');
    await page.evaluate(() => window.__rd.pause()); // pausing saves the run
    await waitFor(page, "s.phase === 'paused'");
    await page.waitForTimeout(300);
    const saved = await runState(page, 's.step');
    await page.evaluate(() => window.__rd.play());
    await waitFor(page, `s.step > ${saved + 100}`);
    const t0 = Date.now();
    await page.evaluate(() => window.__rd.crashWorker());
    await page.getByTestId('url-notice').filter({ hasText: 'was restarted' }).waitFor({ timeout: 20_000 });
    await page
      .getByTestId('url-notice')
      .filter({ hasText: `Continued from the save at step` })
      .waitFor({ timeout: 20_000 });
    await waitFor(page, `s.phase === 'running' && s.step > ${saved}`);
    figures.workerCrashRecoveryMs = Date.now() - t0;
    assert.equal(await page.locator('[data-testid=rd-plane] [data-testid=rd-point]').count(), 16);
    await context.close();
  });

  it('exports trajectories (CSV, versioned JSON) and the planes (SVG, PNG)', async () => {
    const { page, context } = await open('?preset=figure2&family=tabular&backend=wasm');
    await waitFor(page, 's.step > 100 && s.reports > 5');
    const grab = async (testId) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      return { name: download.suggestedFilename(), bytes: readFileSync(path) };
    };
    const csv = (await grab('export-csv')).bytes.toString('utf8').trim().split('\n');
    assert.equal(
      csv[0],
      'model,label,step,rate_nats,distortion_nats,neg_elbo_nats,class_info_nats,beta_effective,multiplier',
    );
    for (const id of ['hand', 'elbo', 'target'])
      assert.ok(csv.filter((l) => l.startsWith(`${id},`)).length >= 3, `rows for ${id}`);
    const json = JSON.parse((await grab('export-json')).bytes.toString('utf8'));
    assert.equal(json.schema, 'rd-explorer/trajectories');
    assert.equal(json.version, 2);
    assert.equal(json.problem, 'toy');
    assert.deepEqual(
      json.experiment.models.map((m) => m.id),
      ['hand', 'elbo', 'target'],
    );
    const steps = json.trajectories.elbo.map((r) => r[0]);
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
    );
    const svg = await grab('export-rd-svg');
    assert.match(svg.name, /\.svg$/);
    assert.match(
      svg.bytes.toString('utf8'),
      /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*rate R[\s\S]*<\/svg>$/,
    );
    const png = await grab('export-skew-png');
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(png.bytes.length > 5000, `png ${png.bytes.length} bytes`);
    await context.close();
  });

  it('a run file (weights + config) exported in one browser imports in another; a bad file changes nothing', async () => {
    const { page, context } = await open('?preset=figure2&family=tabular&backend=wasm&seed=5');
    await waitFor(page, 's.step > 100');
    await page.evaluate(() => window.__rd.pause());
    await waitFor(page, "s.phase === 'paused'");
    const step = await runState(page, 's.step');
    const before = await points(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    // The download disappears with its context: keep a copy.
    const { copyFileSync, writeFileSync } = await import('node:fs');
    const runPath = `${OUT}/run-file.json`;
    copyFileSync(await download.path(), runPath);
    await context.close();
    // A fresh browser profile on another preset: a bad file first, then the real one.
    const other = await open('?preset=beta-sweep&family=smooth&backend=wasm');
    await waitFor(other.page, 's.step > 10');
    const bad = `${OUT}/bad-run-file.json`;
    writeFileSync(bad, '{"schema":"rd-explorer/run","version":1,"settings":{"preset":"figure2"}}');
    await other.page.getByTestId('import-run-input').setInputFiles(bad);
    await other.page
      .getByText(/was not imported: the settings are invalid\. Nothing was changed/)
      .waitFor({ timeout: 10_000 });
    assert.match(other.page.url(), /preset=beta-sweep/);
    await other.page.getByTestId('import-run-input').setInputFiles(runPath);
    await other.page.getByTestId('url-notice').filter({ hasText: 'Restored your run' }).waitFor({ timeout: 30_000 });
    await waitFor(other.page, `s.step === ${step} && s.phase === 'paused' && s.models.target?.metrics !== null`);
    await pollPage(
      other.page,
      `location.search.includes('preset=figure2') && location.search.includes('seed=5')`,
      5000,
    );
    assert.deepEqual(await points(other.page), before);
    await other.context.close();
  });

  it('classroom links hide chosen controls; Copy link copies the experiment URL', async () => {
    const { page, context } = await open('?preset=figure2&family=smooth&_hide=objective,seed,export,backend');
    await page.waitForSelector('[data-testid=rd-plane] [data-testid=rd-point]', { timeout: 30_000 });
    for (const id of ['objective-select', 'seed-input', 'export-csv', 'backend-select'])
      assert.equal(await page.getByTestId(id).count(), 0, `${id} hidden`);
    for (const id of ['target-rate-control', 'beta-control', 'preset-select', 'play-toggle', 'backend-badge'])
      assert.equal(await page.getByTestId(id).count(), 1, `${id} shown`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    await page.getByTestId('copy-link').click();
    await page.getByText('link copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, page.url());
    assert.equal(new URL(copied).searchParams.get('_hide'), 'objective,seed,export,backend');
    await context.close();
  });

  it('WebGPU device loss: training moves to wasm and continues from the last save', async (t) => {
    const { page, context, errors } = await open(
      '?preset=single&family=tabular&objective=beta&beta=0.5&backend=webgpu',
    );
    const hasAdapter = await hasWebGpuAdapter(page);
    if (!hasAdapter) {
      await context.close();
      t.skip('this Chromium offers no WebGPU adapter, so there is no device to lose');
      return;
    }
    await waitFor(page, "s.backend !== null && s.backend.backend === 'webgpu' && s.step >= 3", 60_000);
    await page.evaluate(() => window.__rd.pause()); // saves the run
    await waitFor(page, "s.phase === 'paused'", 60_000);
    await page.waitForTimeout(500);
    const saved = await runState(page, 's.step');
    await page.evaluate(() => window.__rd.play());
    await waitFor(page, `s.step > ${saved}`, 60_000);
    const t0 = Date.now();
    await page.evaluate(() => window.__rd.loseDevice());
    await page.getByTestId('url-notice').filter({ hasText: 'WebGPU device was lost' }).waitFor({ timeout: 30_000 });
    await waitFor(page, `s.backend.backend === 'wasm' && s.phase === 'running' && s.step > ${saved + 50}`, 30_000);
    figures.deviceLossRecoveryMs = Date.now() - t0;
    const text = await page.getByTestId('url-notice').filter({ hasText: 'WebGPU device was lost' }).textContent();
    assert.match(text, /continues from the last save \(step \d+\)/);
    assert.match(await page.getByTestId('backend-badge').textContent(), /wasm/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a bad or hostile URL shows notices and a working page, never a blank one', async () => {
    const { page, context, errors } = await open(
      '?preset=%3Cscript%3Ealert(1)%3C/script%3E&beta=abc&sigma=-4&lr=1e99&backend=quantum&seed=-1',
    );
    await page.waitForSelector('[data-testid=rd-plane] [data-testid=rd-point]', { timeout: 30_000 });
    const notices = await page.getByTestId('url-notice').allTextContents();
    assert.ok(notices.length >= 5, notices.join(' | '));
    assert.equal(await page.getByTestId('preset-select').inputValue(), 'figure2');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: `${OUT}/bad-url.png` });
    await context.close();
  });

  it('a NaN stops one model with a visible message while the others go on; keyboard play/pause works', async () => {
    const { page, context } = await open('?preset=figure2&family=smooth');
    await waitFor(page, 's.step > 20');
    await page.evaluate(() => window.__rd.injectNaN('elbo'));
    await page.getByTestId('fault-notice').waitFor({ timeout: 10_000 });
    const text = await page.getByTestId('fault-notice').textContent();
    assert.match(text, /ELBO.*stopped at step \d+.*parameters/);
    const before = await runState(page, 's.step');
    await page.waitForTimeout(500);
    assert.ok((await runState(page, 's.step')) > before, 'training goes on');
    assert.ok(await runState(page, 's.models.elbo.active === false && s.models.target.active === true'));
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Space');
    await waitFor(page, "s.phase === 'paused'");
    assert.match(await page.getByTestId('play-toggle').textContent(), /Play/);
    const paused = await runState(page, 's.step');
    await page.waitForTimeout(400);
    assert.equal(await runState(page, 's.step'), paused);
    await page.keyboard.press('ArrowRight');
    await waitFor(page, `s.step === ${paused + 1}`);
    await page.screenshot({ path: `${OUT}/fault.png`, fullPage: true });
    await context.close();
  });
});
