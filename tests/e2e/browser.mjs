/**
 * Shared helpers of the real-browser tests and the benchmark: serve the built app (dist/) on
 * localhost with `vite preview`, and launch Debian's Chromium through playwright-core with
 * WebGPU enabled (a secure origin is needed, hence localhost).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH ?? CHROMIUM_PATHS.find((x) => existsSync(x));
  if (!p)
    throw new Error(
      `Chromium not found (looked in ${CHROMIUM_PATHS.join(', ')}); install Debian's "chromium" package or set CHROMIUM_PATH`,
    );
  return p;
}

/**
 * Start `vite preview` of dist/ (or another built folder) on a free port; resolves to { url, stop }.
 * A port that turns out to be taken (the server exits at once) is replaced by another, up to 3 times.
 */
export async function startServer(port = 4173 + Math.floor(Math.random() * 500), outDir = 'dist', tries = 3) {
  if (!existsSync(`${outDir}/index.html`)) throw new Error(`${outDir}/ is missing: run "npm run build" first`);
  return serveVite(['preview', '--outDir', outDir], 'vite preview', port, tries, () =>
    startServer(4173 + Math.floor(Math.random() * 500), outDir, tries - 1),
  );
}

/**
 * Start the dev server (`vite`, what npm start runs) with a fresh pre-bundle of the dependencies
 * (--force, as on a fresh machine) on a free port; resolves to { url, stop, log }.
 */
export async function startDevServer(port = 5200 + Math.floor(Math.random() * 500), tries = 3) {
  return serveVite(
    ['--force'],
    'vite (dev server)',
    port,
    tries,
    () => startDevServer(5200 + Math.floor(Math.random() * 500), tries - 1),
    60_000,
  );
}

/** Spawn vite with `args` on `port` and wait until it answers; `retry` when the port turned out to be taken. */
async function serveVite(args, label, port, tries, retry, timeoutMs = 30_000) {
  const proc = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', ...args, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let exited = false;
  let log = '';
  proc.on('exit', () => (exited = true));
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const url = `http://localhost:${port}/`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      // The address it listens on, and a time limit per try: one hung request must not use up the whole wait.
      const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
      if (r.ok) return { url, stop: () => proc.kill(), log: () => log };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  if (exited && tries > 1) return retry();
  throw new Error(
    `${label} did not start within ${timeoutMs / 1000} s on port ${port}${log ? `: ${log.trim().slice(-300)}` : ''}`,
  );
}

/**
 * Flags that make Chromium on a machine without a GPU offer WebGPU and WebGL (SwiftShader, a GPU emulated on the CPU).
 */
export const SOFTWARE_GPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'];

/**
 * Launch headless Chromium with WebGPU enabled (software adapter on machines without a GPU).
 * `softwareGpu: false` launches it as it runs by default on a machine without a GPU: no WebGPU,
 * and the page drawn by the CPU's software compositor instead of through the emulated GPU (whose
 * every redraw costs CPU time that a real GPU would spend).
 */
export async function launchBrowser({ softwareGpu = true } = {}) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(softwareGpu ? SOFTWARE_GPU_FLAGS : []),
    ],
  });
}

/**
 * Wait until `expression` (evaluated in the page) is truthy. Polls from Node with page.evaluate,
 * because the app's Content-Security-Policy forbids the eval that page.waitForFunction uses.
 */
export async function pollPage(page, expression, timeout = 20_000, interval = 100) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await page.evaluate(expression);
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for: ${expression} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Wait until `expr` holds for the app's run store state `s` (window.__rd.session). */
export async function waitForRun(page, expr, timeout = 30_000) {
  try {
    return await pollPage(
      page,
      `(() => { const s = window.__rd?.session.getState(); return !!s && (${expr}); })()`,
      timeout,
    );
  } catch (e) {
    // What the run store held when the wait gave up, so a failure in CI says more than "false".
    const held = await page
      .evaluate(`(() => { const s = window.__rd?.session.getState(); return s && JSON.stringify({
        phase: s.phase, status: s.statusMessage, step: s.step, saved: s.saved, ownership: s.ownership,
        errors: s.errors, dataset: s.experiment?.dataset }); })()`)
      .catch((err) => `(state unreadable: ${err.message})`);
    e.message += `\nrun state: ${held}`;
    throw e;
  }
}

/** Evaluate `expr` against the app's run store state `s`. */
export const runState = (page, expr) =>
  page.evaluate(`(() => { const s = window.__rd.session.getState(); return ${expr}; })()`);

/** Whether the page's browser offers a WebGPU adapter (software ones count). */
export function hasWebGpuAdapter(page) {
  return page.evaluate(async () => Boolean(navigator.gpu && (await navigator.gpu.requestAdapter())));
}

/**
 * One preview server and one Chromium for a test file: started before its tests, closed after
 * them (`onClose` runs first, e.g. to write measured figures). Use `shared.server` / `shared.browser`.
 */

export function sharedBrowser(onClose) {
  const shared = { server: null, browser: null };
  before(async () => {
    shared.server = await startServer();
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await onClose?.();
    await shared.browser?.close();
    shared.server?.stop();
  });
  return shared;
}

/** `url` with `debug=1` in its query: the page then installs its test handle (window.__rd). */
export function debugUrl(url) {
  const u = new URL(url);
  u.searchParams.set('debug', '1');
  return u.href;
}
