/**
 * How many training workers (the pool) train an experiment: the user's request or every core but one, never more than
 * the models. Pure.
 */

/** Reports are posted at most this often while playing, when a core is left for the page (ms). */
export const REPORT_INTERVAL_MS = 100;

/** Most training workers a page may ask for. */
export const MAX_POOL = 16;

/** The pool size when the user has not chosen one: every core but one (the page's), at least 1. */
export function autoPoolSize(hardwareConcurrency: number): number {
  return Math.max(1, Math.min(MAX_POOL, Math.floor(hardwareConcurrency) - 1));
}

/**
 * How often the training loop posts a report (and so the page redraws its charts), in ms: `baseMs`
 * while a core is left over for the page, twice that when the training workers take every core.
 * Then the page's drawing (its main thread, raster and compositor) takes a real share of a core
 * and competes with training: on 2 cores, halving the reports gave a pool of 2 more steps/s on a
 * 4-run MNIST sweep and on 64 toy models (325ac23; figures in docs/benchmarks.md).
 */
export function reportIntervalFor(workers: number, hardwareConcurrency: number, baseMs: number): number {
  return workers >= Math.max(1, Math.floor(hardwareConcurrency)) ? 2 * baseMs : baseMs;
}

/**
 * Workers that train an experiment of `trained` models: the request (or the automatic size), never more than the
 * models.
 */
export function poolSizeFor(requested: number | null, trained: number, hardwareConcurrency: number): number {
  const want =
    requested === null ? autoPoolSize(hardwareConcurrency) : Math.max(1, Math.min(MAX_POOL, Math.round(requested)));
  return Math.max(1, Math.min(want, trained));
}
