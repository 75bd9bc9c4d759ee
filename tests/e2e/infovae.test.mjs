/**
 * Real-browser tests of the information-autoencoding family: Lagrangian constraints with their
 * multiplier curves, constraint controls acting while training runs, the two-Gaussian experiment
 * with MI and true NLL by quadrature, InfoVAE's Markov-chain sampling, and VIMAE Figure 1's
 * side-by-side 2-D codes with their MMD. Small sizes keep it short.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollPage, runState, sharedBrowser, waitForRun, debugUrl } from './browser.mjs';

const shared = sharedBrowser();

const waitFor = (page, expr, timeout = 30_000) => waitForRun(page, expr, timeout);

async function open(query) {
  const context = await shared.browser.newContext({ viewport: { width: 1400, height: 1200 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(debugUrl(`${shared.server.url}${query}`));
  return { context, page, errors };
}

describe('InfoVAE, VIMAE and Lagrangian objectives in a real browser', () => {
  it('Lagrangian preset: multipliers are plotted inside their clip range; an MMD ≤ ε constraint set while training acts at once', async () => {
    const { context, page, errors } = await open('?preset=mnist-lagrangian&zdim=4&hidden=32&batch=8&backend=wasm');
    // it trains at once; this only makes sure (a toggle click would pause)
    await page.evaluate(() => window.__rd.play());
    await waitFor(page, 's.step >= 5 && Object.values(s.models).every((m) => m.metrics !== null)', 60_000);
    await page.getByTestId('curve-multipliers').waitFor();
    assert.equal(await page.locator('[data-testid=curve-multipliers] path[data-series="μ_R"]').count(), 1);
    const mu = await runState(page, 's.models.sig5.metrics.multipliers');
    assert.ok(mu[0] >= -50 && mu[0] <= 50, `μ_R ${mu[0]} outside its clip range`);
    assert.equal(await runState(page, 's.models.sig5.metrics.mmd'), 0, 'no MMD is computed while nothing uses it');
    await page.getByTestId('mmd-max-input').fill('0.01');
    await waitFor(page, 's.models.sig5.spec.objective.mmdMax === 0.01 && s.models.sig5.metrics.mmd !== 0', 30_000);
    await page.getByTestId('curve-mmd').waitFor();
    await pollPage(page, "location.search.includes('mmdmax=0.01') && location.search.includes('rc=eq')");
    assert.match(await page.getByTestId('objective-formula').textContent(), /s\.t\. R = 5.* MMD ≤ 0\.01/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('two-Gaussian preset: MI and true NLL by quadrature over training, NLL ≥ H, the exact bound on the plane', async () => {
    const { context, page, errors } = await open('?preset=two-gaussians&backend=wasm');
    // it trains at once; this only makes sure (a toggle click would pause)
    await page.evaluate(() => window.__rd.play());
    await waitFor(
      page,
      's.step >= 210 && Object.values(s.models).every((m) => m.series.filter((r) => r.nllNats !== undefined).length >= 2)',
      120_000,
    );
    const rows = await runState(
      page,
      'Object.fromEntries(Object.entries(s.models).map(([id, m]) => [id, m.series.filter((r) => r.nllNats !== undefined)]))',
    );
    const h = await runState(page, 's.models.elbo.metrics.entropyNats');
    assert.ok(h > 1.3 && h < 1.42, `H = ${h}`);
    for (const [id, rs] of Object.entries(rows))
      for (const r of rs) {
        assert.ok(r.nllNats >= h - 1e-3, `${id}: NLL ${r.nllNats} < H ${h}`);
        assert.ok(r.miNats >= -1e-6, `${id}: MI ${r.miNats}`);
      }
    for (const t of ['mixture-mi', 'mixture-nll', 'mixture-density', 'rd-bound', 'metric-true-nll'])
      await page.getByTestId(t).first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('Markov chain: an L_AE run’s chain frames animate beside its ancestral samples; VIMAE Figure 1 shows every 2-D code with its MMD', async () => {
    const { context, page, errors } = await open(
      '?preset=mnist-infovae&zdim=4&hidden=32&batch=8&backend=wasm&sel=lae-mlp',
    );
    await page.getByTestId('step-button').click();
    await waitFor(page, "s.step >= 1 && s.models['lae-mlp'].metrics !== null", 60_000);
    await page.getByTestId('run-chain').click();
    await page.getByTestId('chain-grid').waitFor({ timeout: 90_000 });
    assert.equal(await runState(page, "s.chains['lae-mlp'].grid.columns"), 21);
    await pollPage(page, "Number(document.querySelector('[data-testid=chain-step]').textContent) > 0");
    await context.close();

    const v = await open('?preset=mnist-vimae&batch=8&backend=wasm');
    await v.page.getByTestId('step-button').click();
    await v.page.getByTestId('latent-gallery').waitFor({ timeout: 60_000 });
    await waitFor(
      v.page,
      'Object.keys(s.latents).length === 5 && Object.values(s.models).every((m) => m.metrics?.heldOut?.mmd !== undefined)',
      60_000,
    );
    for (const id of ['vae', 'beta-h', 'beta-a', 'vim-n', 'vim-l']) {
      const text = await v.page.getByTestId(`latent-mmd-${id}`).textContent();
      assert.ok(Number.isFinite(Number(text)), `${id}: MMD "${text}"`);
    }
    assert.deepEqual([...errors, ...v.errors], []);
    await v.context.close();
  });
});
