/**
 * The browser engines of the core-flow tests behind one small page interface, so that each flow is written once:
 * Chromium (playwright-core), Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK (Debian's
 * `WebKitWebDriver` driving MiniBrowser under Xvfb, through the classic WebDriver client beside this file).
 *
 * A page: goto(url), url() (the page's location, as its scripts last wrote it), reload(), evaluate(expression string) → JSON value, click(testId),
 * fill(testId, text) (then Enter), setFiles(testId, path), screenshot(path), close().
 * `openPage` gives a page with fresh storage (its own browser context, or a new WebKit session).
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { launchBrowser } from '../browser.mjs';
import { WebDriverSession } from './webdriver.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
export const MINIBROWSER_PATHS = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];

function firstExisting(paths, what, hint) {
  const p = paths.find((x) => existsSync(x));
  if (!p) throw new Error(`${what} not found (looked in ${paths.join(', ')}); ${hint}`);
  return p;
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const testIdSelector = (testId) => `[data-testid="${testId}"]`;

/** Launch `engine`; resolves to { name, version, openPage({ width, height }), close() }. */
export async function launchEngine(engine) {
  if (engine === 'chromium') return launchChromium();
  if (engine === 'firefox') return launchFirefox();
  if (engine === 'webkit') return launchWebKit();
  throw new Error(`unknown engine "${engine}" (one of ${ENGINES.join(', ')})`);
}

async function launchChromium() {
  const browser = await launchBrowser({ softwareGpu: false });
  return {
    name: 'chromium',
    version: browser.version(),
    async openPage({ width = 1280, height = 720 } = {}) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      return {
        goto: (url) => page.goto(url),
        url: () => page.evaluate('location.href'),
        reload: () => page.reload(),
        evaluate: (expr) => page.evaluate(expr),
        click: (testId) => page.click(testIdSelector(testId)),
        fill: async (testId, text) => {
          await page.fill(testIdSelector(testId), text);
          await page.press(testIdSelector(testId), 'Enter');
        },
        setFiles: (testId, path) => page.setInputFiles(testIdSelector(testId), path),
        screenshot: (path) => page.screenshot({ path }),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

async function launchFirefox() {
  const executablePath = firstExisting(FIREFOX_PATHS, 'Firefox', 'install Debian\'s "firefox-esr" package');
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return {
    name: 'firefox',
    version: await browser.version(),
    async openPage({ width = 1280, height = 720 } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height });
      const shown = (testId) => page.waitForSelector(testIdSelector(testId), { visible: true, timeout: 10_000 });
      return {
        goto: (url) => page.goto(url),
        url: () => page.evaluate('location.href'),
        reload: () => page.reload(),
        evaluate: (expr) => page.evaluate(expr),
        click: async (testId) => (await shown(testId)).click(),
        fill: async (testId, text) => {
          const el = await shown(testId);
          await el.click({ count: 3 });
          await el.type(text);
          await el.press('Enter');
        },
        setFiles: async (testId, path) =>
          (await page.waitForSelector(testIdSelector(testId), { timeout: 10_000 })).uploadFile(path),
        screenshot: (path) => page.screenshot({ path }),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/**
 * WebKitGTK: an X server (Xvfb) of our own, WebKitWebDriver on a free port, one MiniBrowser session per page
 * (the driver keeps one session at a time: close a page before opening the next). A session that does not come up
 * within 30 s (MiniBrowser hung at start, seen once in CI) gets a fresh driver and one more try.
 */
async function launchWebKit() {
  const binary = firstExisting(MINIBROWSER_PATHS, 'MiniBrowser', 'install Debian\'s "webkit2gtk-driver" package');
  const display = `:${100 + Math.floor(Math.random() * 800)}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1440x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  let driver = null;
  let base = null;
  const startDriver = async () => {
    const port = await freePort();
    driver = spawn('WebKitWebDriver', [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display },
      stdio: 'ignore',
    });
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const r = await fetch(`${base}/status`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error('WebKitWebDriver did not answer within 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = () => {
    driver?.kill('SIGKILL');
    xvfb.kill();
  };
  try {
    await startDriver();
  } catch (e) {
    stop();
    throw e;
  }
  const capabilities = { 'webkitgtk:browserOptions': { binary, args: ['--automation'] } };
  let version = null;
  return {
    name: 'webkit',
    get version() {
      return version;
    },
    async openPage({ width = 1280, height = 720 } = {}) {
      let s;
      try {
        s = await WebDriverSession.start(base, capabilities, 30_000);
      } catch {
        driver?.kill('SIGKILL');
        await startDriver();
        s = await WebDriverSession.start(base, capabilities, 30_000);
      }
      version = `WebKitGTK ${s.capabilities.browserVersion}`;
      await s.setWindowRect(width, height);
      // Like the other engines' drivers, wait (10 s) for an element the page has not rendered yet.
      const find = async (testId) => {
        for (let i = 0; ; i++) {
          try {
            return await s.find(testIdSelector(testId));
          } catch (e) {
            if (i >= 50) throw e;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      };
      return {
        goto: (url) => s.navigate(url),
        url: () => s.execute('return location.href;'),
        reload: () => s.refresh(),
        evaluate: (expr) => s.execute(`return (${expr});`),
        click: async (testId) => s.click(await find(testId)),
        fill: async (testId, text) => {
          const el = await find(testId);
          await s.clear(el);
          await s.sendKeys(el, `${text}\uE007`);
        },
        setFiles: async (testId, path) => s.sendKeys(await find(testId), path),
        screenshot: async (path) => writeFileSync(path, await s.screenshot()),
        close: () => s.close(),
      };
    },
    async close() {
      stop();
    },
  };
}
