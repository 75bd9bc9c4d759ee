/**
 * What this browser lacks that changes how runs are kept, said where the saved runs are listed: without Web Locks
 * every tab of one experiment trains and saves it (the last save wins); without service workers the app is not kept
 * for offline use. Pure over the navigator it is given.
 */

/** The parts of `navigator` looked at. */
export type NavigatorFeatures = Partial<Record<'locks' | 'serviceWorker', unknown>>;

/** One sentence per missing feature (empty when nothing is missing). */
export function browserCaveats(nav: NavigatorFeatures): string[] {
  const caveats: string[] = [];
  if (!('locks' in nav) || !nav.locks)
    caveats.push(
      'This browser has no Web Locks: each tab of one experiment trains it and saves it; the last save wins.',
    );
  if (!('serviceWorker' in nav) || !nav.serviceWorker)
    caveats.push('This browser keeps no service worker here, so the app is not kept for use without a network.');
  return caveats;
}
