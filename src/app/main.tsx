/**
 * Entry point: parse the URL, start the training worker, create the controller and render.
 * Nothing here imports tfjs: tensors live in the worker only.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Controller } from '../state/controller';
import { parseUrl, serializeUrl } from '../state/url';
import type { BackendChoice, Workload } from '../worker/protocol';
import { App } from './App';
import { ControllerContext } from '../state/react';
import { chapterUrlState } from '../lesson/view';
import { registerServiceWorker } from '../dom/serviceWorker';
import { debugRequested, installDebugHandle, withDebugFlag } from '../state/debugHandle';
import 'katex/dist/katex.min.css';
import './styles.css';

/** Measured backend choices of this browser, one per workload (toy step, image VAE step). */
const BACKEND_CACHE_KEY = 'rd-explorer.backend.v2';

type CachedChoices = { ua?: string; choices?: Partial<Record<Workload, BackendChoice>> };

function readChoices(): CachedChoices {
  try {
    const v = JSON.parse(localStorage.getItem(BACKEND_CACHE_KEY) ?? '{}') as CachedChoices;
    return v.ua === navigator.userAgent ? v : {};
  } catch {
    return {};
  }
}

function readCachedBackend(workload: Workload): BackendChoice | null {
  const c = readChoices().choices?.[workload];
  return c && typeof c.backend === 'string' ? c : null;
}

function saveBackend(choice: BackendChoice): void {
  try {
    if (choice.timings.length === 0) return;
    const choices = { ...readChoices().choices, [choice.workload ?? 'toy']: choice };
    localStorage.setItem(BACKEND_CACHE_KEY, JSON.stringify({ ua: navigator.userAgent, choices }));
  } catch {
    /* storage may be unavailable (private mode); the choice is simply measured again next time */
  }
}

const parsed = parseUrl(window.location.search);
// The test handle (window.__rd) only where the URL asks for it; the URLs the page writes keep asking.
const debug = debugRequested(window.location.search);
const urlOf = (query: string): string => (debug ? withDebugFlag(query) : query);
const { notices } = parsed;
// A lesson link opens its chapter's experiment (paused, the chapter's controls and speed).
const state = parsed.state.lesson === null ? parsed.state : chapterUrlState(parsed.state, parsed.state.lesson);
const controller = new Controller({
  createWorker: () => new Worker(new URL('../worker/main.ts', import.meta.url), { type: 'module' }),
  urlState: state,
  notices,
  writeUrl: (q) => window.history.replaceState(null, '', urlOf(q)),
  cachedBackend: (workload) => (state.backend === 'auto' ? readCachedBackend(workload) : null),
  saveBackend,
  createProbe: () => new Worker(new URL('../worker/backends/probeMain.ts', import.meta.url), { type: 'module' }),
});
window.history.replaceState(null, '', urlOf(serializeUrl(state)));
if (debug) installDebugHandle(controller);
controller.start();
// Closing or hiding the tab saves at once (best effort: the browser may end the worker first).
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') controller.saveNow();
});
window.addEventListener('pagehide', () => controller.saveNow());
// Offline use: the service worker precaches the app once it has loaded.
window.addEventListener('load', registerServiceWorker);
setInterval(() => controller.checkHealth(), 2000);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
