/**
 * The test handle: `window.__rd`, installed only when the page's URL has `debug=1` (the browser
 * tests and `npm run bench` open it so). It reads the stores and drives the page as a user would
 * (play, pause, step, reset, select, speed, saving), plus the debug requests of DebugClient; the
 * app itself never uses it. The flag stays in the URL the page writes, so a reload keeps it.
 */
import type { Controller } from './controller';

/** Whether the query string asks for the test handle. */
export const debugRequested = (search: string): boolean => new URLSearchParams(search).get('debug') === '1';

/** `query` (a serialised URL state, '?…' or '') with `debug=1` added, so that written URLs keep the handle. */
export function withDebugFlag(query: string): string {
  const params = new URLSearchParams(query);
  params.set('debug', '1');
  return `?${params.toString()}`;
}

/** An in-app link to `query`: it keeps the test handle where this page has it. */
export function appLink(query: string): string {
  return typeof location !== 'undefined' && debugRequested(location.search) ? withDebugFlag(query) : query;
}

/** What the tests reach: the stores, the user's controls, and the debug requests. */
export function debugHandle(c: Controller) {
  const d = c.debug;
  return {
    session: c.session,
    settings: c.settings,
    play: () => c.play(),
    pause: () => c.pause(),
    step: (count?: number) => c.step(count),
    reset: () => c.reset(),
    select: (id: string) => c.selection.select(id),
    setSpeed: (maxStepsPerSecond: number | null) => c.setSpeed(maxStepsPerSecond),
    saveNow: () => c.saveNow(),
    clearSaved: () => c.saved.clearAll(),
    injectNaN: d.injectNaN.bind(d),
    loseDevice: d.loseDevice.bind(d),
    crashWorker: d.crashWorker.bind(d),
    memory: d.memory.bind(d),
    bench: d.bench.bind(d),
    benchMlp: d.benchMlp.bind(d),
    warmUps: d.warmUps.bind(d),
    adamCheck: d.adamCheck.bind(d),
    fusedCheck: d.fusedCheck.bind(d),
  };
}

/**
 * Install the handle on `window.__rd`, with `pageErrors`: the page's uncaught errors and rejections from now on
 * (browsers driven through classic WebDriver report none of their own).
 */
export function installDebugHandle(c: Controller): void {
  const pageErrors: string[] = [];
  window.addEventListener('error', (e) => pageErrors.push(String(e.message || e.error)));
  window.addEventListener('unhandledrejection', (e) => pageErrors.push(`unhandled rejection: ${String(e.reason)}`));
  (window as unknown as { __rd: ReturnType<typeof debugHandle> & { pageErrors: string[] } }).__rd = {
    ...debugHandle(c),
    pageErrors,
  };
}
