/**
 * Runner files in the app: a 6-run toy sweep written by two `npm run rd -- … --out` processes
 * running in parallel (three β each) imported through the file picker shows six read-only points
 * on the toy planes beside the live models, each at its file's last line; a bad file gives a
 * message and changes nothing. The MNIST planes draw the paper's −+v points when asked.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pollPage, sharedBrowser, waitForRun, debugUrl } from './browser.mjs';

const shared = sharedBrowser();

describe('runner files', () => {
  it("a 6-run sweep from two parallel runner processes becomes six read-only points at the files' last lines; a bad file changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-import-'));
    const sweep = (betas) =>
      promisify(execFile)(
        process.execPath,
        [
          'node_modules/tsx/dist/cli.mjs',
          'src/cli/rd.ts',
          '--preset',
          'toy',
          '--family',
          'smooth-encoder',
          '--objective',
          'beta',
          '--beta',
          betas,
          '--steps',
          '200',
          '--every',
          '50',
          '--out',
          join(dir, 'toy.jsonl'),
        ],
        { encoding: 'utf8' },
      );
    await Promise.all([sweep('0.1,0.3,1'), sweep('2,3,10')]);
    const betas = ['0.1', '0.3', '1', '2', '3', '10'];
    const files = betas.map((b) => join(dir, `toy-beta${b}.jsonl`));
    const last = Object.fromEntries(
      betas.map((b, i) => [
        `file:toy-beta${b}.jsonl`,
        JSON.parse(readFileSync(files[i], 'utf8').trim().split('\n').pop()),
      ]),
    );
    writeFileSync(join(dir, 'bad.jsonl'), 'this is not a runner file\n');
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(debugUrl(`${shared.server.url}?preset=figure2&backend=wasm`));
    await waitForRun(page, 's.reports > 0', 30_000);
    const live = await page.locator('[data-testid=rd-plane] [data-testid=rd-point]').count();
    await page.getByTestId('import-lines-input').setInputFiles(files);
    await page.getByTestId('imported-item').nth(5).waitFor();
    const rdPoints = `document.querySelectorAll('[data-testid=rd-plane] [data-testid=rd-point][data-model^="file:"]').length`;
    await pollPage(page, `${rdPoints} === 6`);
    await pollPage(
      page,
      `document.querySelectorAll('[data-testid=skew-plane] [data-testid=skew-point][data-model^="file:"]').length === 6`,
    );
    // Each point is its file's final line (R, D in nats).
    const points = await page.$$eval('[data-testid=rd-plane] [data-testid=rd-point][data-model^="file:"]', (els) =>
      Object.fromEntries(
        els.map((e) => [
          e.getAttribute('data-model'),
          [Number(e.getAttribute('data-rate')), Number(e.getAttribute('data-distortion'))],
        ]),
      ),
    );
    for (const [run, line] of Object.entries(last)) {
      assert.ok(line.final, `${run}: the last line is the final one`);
      const [r, d] = points[run] ?? [NaN, NaN];
      assert.ok(
        Math.abs(r - line.rate) < 1e-6 && Math.abs(d - line.distortion) < 1e-6,
        `${run}: point (${r}, ${d}) vs file (${line.rate}, ${line.distortion})`,
      );
    }
    // β = 3 ends at a lower rate than β = 0.3.
    assert.ok(points['file:toy-beta3.jsonl'][0] < points['file:toy-beta0.3.jsonl'][0], JSON.stringify(points));
    await page.getByTestId('import-lines-input').setInputFiles([join(dir, 'bad.jsonl')]);
    await page.getByTestId('import-lines-error').waitFor();
    assert.match(
      await page.getByTestId('import-lines-error').innerText(),
      /"bad.jsonl" was not imported: .*Nothing was changed/,
    );
    assert.equal(await page.getByTestId('imported-item').count(), 6);
    assert.equal(await page.locator('[data-testid=rd-plane] [data-testid=rd-point]').count(), live + 6);
    await context.close();
  });

  it("MNIST planes: the paper's −+v points on demand, labelled", async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(debugUrl(`${shared.server.url}?preset=mnist-single&backend=wasm`));
    await page.getByTestId('paper-points').check({ timeout: 60_000 });
    await pollPage(
      page,
      `document.querySelectorAll('[data-testid=rd-plane] [data-testid=rd-point][data-model^="paper:"]').length === 4`,
    );
    const rates = await page.$$eval('[data-testid=rd-plane] [data-testid=rd-point][data-model^="paper:"]', (els) =>
      els.map((e) => Number(e.getAttribute('data-rate'))).sort((a, b) => a - b),
    );
    assert.deepEqual(rates, [0.0004, 6.2, 120.3, 156]);
    assert.match(await page.locator('.plane-legend').innerText(), /paper, −\+v/);
    await context.close();
  });
});
