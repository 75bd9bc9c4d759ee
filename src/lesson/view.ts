/** A chapter as the app opens it: the URL state of its experiment, controls, speed and selection. */
import { parseUrl, type UrlState } from '../state/url';
import { CHAPTERS } from './chapters';

/** The URL state that shows chapter n (1-based) on top of `base` (units and backend kept). */
export function chapterUrlState(base: UrlState, n: number): UrlState {
  const ch = CHAPTERS[n - 1];
  if (!ch) return base;
  const { state } = parseUrl(ch.query);
  return {
    ...base,
    settings: state.settings,
    hidden: ch.hide,
    speed: ch.speed,
    selected: ch.select ?? null,
    startPaused: true,
    lesson: n,
  };
}
