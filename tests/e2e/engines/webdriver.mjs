/**
 * A small client of classic W3C WebDriver (HTTP + JSON), enough for the core-flow tests in WebKitGTK through
 * Debian's `WebKitWebDriver`: start a session, navigate, run scripts, find and click elements, send keys and files,
 * screenshots. Node's fetch is all it needs.
 */

/** The W3C element reference key. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {}

export class WebDriverSession {
  /** @param {string} base driver URL, e.g. http://127.0.0.1:4444  @param {string} id session id */
  constructor(base, id, capabilities) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }

  /** Start a session with `alwaysMatch` capabilities (an error after `timeoutMs`: the browser did not come up). */
  static async start(base, alwaysMatch, timeoutMs = COMMAND_TIMEOUT_MS) {
    const value = await call(base, 'POST', '/session', { capabilities: { alwaysMatch } }, timeoutMs);
    return new WebDriverSession(base, value.sessionId, value.capabilities);
  }

  /** One command of this session: `path` after /session/{id}. */
  command(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  navigate(url) {
    return this.command('POST', '/url', { url });
  }

  currentUrl() {
    return this.command('GET', '/url');
  }

  refresh() {
    return this.command('POST', '/refresh', {});
  }

  setWindowRect(width, height) {
    return this.command('POST', '/window/rect', { width, height, x: 0, y: 0 });
  }

  /** Run `script` (a function body) synchronously in the page; returns its JSON-able result. */
  execute(script, args = []) {
    return this.command('POST', '/execute/sync', { script, args });
  }

  /** The first element matching the CSS `selector` (an error when none does). */
  async find(selector) {
    const value = await this.command('POST', '/element', { using: 'css selector', value: selector });
    return value[ELEMENT];
  }

  click(element) {
    return this.command('POST', `/element/${element}/click`, {});
  }

  clear(element) {
    return this.command('POST', `/element/${element}/clear`, {});
  }

  /** Type `text` into an element (for a file input: the file's path). */
  sendKeys(element, text) {
    return this.command('POST', `/element/${element}/value`, { text });
  }

  /** A PNG of the viewport, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.command('GET', '/screenshot'), 'base64');
  }

  close() {
    return call(this.base, 'DELETE', `/session/${this.id}`);
  }
}

/** No command waits longer than this (fetch's own limit is 5 minutes): a hung browser fails the test it is in. */
const COMMAND_TIMEOUT_MS = 60_000;

async function call(base, method, path, body, timeoutMs = COMMAND_TIMEOUT_MS) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${r.status}, not JSON: ${text.slice(0, 200)}`);
  }
  const value = parsed.value;
  if (!r.ok || (value && typeof value === 'object' && 'error' in value))
    throw new WebDriverError(`${method} ${path}: ${value?.error ?? r.status}: ${value?.message ?? text.slice(0, 200)}`);
  return value;
}
