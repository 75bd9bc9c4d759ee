/** How many training workers (the pool) train an experiment: the user's request or every core but one, never more than the models. Pure. */

/** Most training workers a page may ask for. */
export const MAX_POOL = 16;

/** The pool size when the user has not chosen one: every core but one (the page's), at least 1. */
export function autoPoolSize(hardwareConcurrency: number): number {
  return Math.max(1, Math.min(MAX_POOL, Math.floor(hardwareConcurrency) - 1));
}

/** Workers that train an experiment of `trained` models: the request (or the automatic size), never more than the models. */
export function poolSizeFor(requested: number | null, trained: number, hardwareConcurrency: number): number {
  const want = requested === null ? autoPoolSize(hardwareConcurrency) : Math.max(1, Math.min(MAX_POOL, Math.round(requested)));
  return Math.max(1, Math.min(want, trained));
}
