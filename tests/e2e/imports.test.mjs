/**
 * Runner files in the app: a toy sweep written by `npm run rd -- … --out` (two files) imported
 * through the file picker shows two read-only points on the toy planes beside the live models,
 * listed with their last R and D; a bad file gives a message and changes nothing. The MNIST
 * planes draw the paper's −+v points when asked.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pollPage, sharedBrowser, waitForRun } from './browser.mjs';

const shared = sharedBrowser();

describe('runner files', () => {
  it('two files of a sweep become two read-only points; a bad file changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-import-'));
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/rd.ts', '--preset', 'toy', '--family', 'smooth-encoder', '--objective', 'beta', '--beta', '0.3,3', '--steps', '200', '--every', '50', '--out', join(dir, 'toy.jsonl')], { encoding: 'utf8' });
    writeFileSync(join(dir, 'bad.jsonl'), 'this is not a runner file\n');
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${shared.server.url}?preset=figure2&backend=wasm`);
    await waitForRun(page, 's.reports > 0', 30_000);
    const live = await page.locator('[data-testid=rd-plane] [data-testid=rd-point]').count();
    await page.getByTestId('import-lines-input').setInputFiles([join(dir, 'toy-beta0.3.jsonl'), join(dir, 'toy-beta3.jsonl')]);
    await page.getByTestId('imported-item').nth(1).waitFor();
    const rdPoints = `document.querySelectorAll('[data-testid=rd-plane] [data-testid=rd-point][data-run^="file:"]').length`;
    await pollPage(page, `${rdPoints} === 2`);
    await pollPage(page, `document.querySelectorAll('[data-testid=skew-plane] [data-testid=skew-point][data-run^="file:"]').length === 2`);
    // β = 3 ends at a lower rate than β = 0.3.
    const rates = await page.$$eval('[data-testid=rd-plane] [data-testid=rd-point][data-run^="file:"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-run'), Number(e.getAttribute('data-rate'))])));
    assert.ok(rates['file:toy-beta3.jsonl'] < rates['file:toy-beta0.3.jsonl'], JSON.stringify(rates));
    await page.getByTestId('import-lines-input').setInputFiles([join(dir, 'bad.jsonl')]);
    await page.getByTestId('import-lines-error').waitFor();
    assert.match(await page.getByTestId('import-lines-error').innerText(), /"bad.jsonl" was not imported: .*Nothing was changed/);
    assert.equal(await page.getByTestId('imported-item').count(), 2);
    assert.equal(await page.locator('[data-testid=rd-plane] [data-testid=rd-point]').count(), live + 2);
    await context.close();
  });

  it("MNIST planes: the paper's −+v points on demand, labelled", async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${shared.server.url}?preset=mnist-single&backend=wasm`);
    await page.getByTestId('paper-points').check({ timeout: 60_000 });
    await pollPage(page, `document.querySelectorAll('[data-testid=rd-plane] [data-testid=rd-point][data-run^="paper:"]').length === 4`);
    const rates = await page.$$eval('[data-testid=rd-plane] [data-testid=rd-point][data-run^="paper:"]', (els) => els.map((e) => Number(e.getAttribute('data-rate'))).sort((a, b) => a - b));
    assert.deepEqual(rates, [0.0004, 6.2, 120.3, 156]);
    assert.match(await page.locator('.plane-legend').innerText(), /paper, −\+v/);
    await context.close();
  });
});
