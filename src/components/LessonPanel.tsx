/**
 * Lesson mode: the chapter's title, source, text (formulas typeset), a note when it needs
 * minutes, and its live checks of what to look for; Back / Next (buttons, PageUp / PageDown, P / N)
 * and a big Play button while paused. The chapter's experiment is loaded through the controller.
 */
import { useEffect, useRef } from 'react';
import { CHAPTERS } from '../lesson/chapters';
import { chapterUrlState } from '../lesson/view';
import type { Controller } from '../state/controller';
import { useController, useSession, useSettings } from '../state/react';
import { DEFAULT_URL_STATE } from '../state/url';
import { Tex } from './Tex';

/** Open chapter n (1-based), or leave the lesson (null) for the default explorer. */
export function openChapter(c: Controller, n: number | null): void {
  const s = c.settings.getState();
  const base = { ...DEFAULT_URL_STATE, units: s.units, backend: s.backend };
  const v = n === null ? { ...base, startPaused: false } : chapterUrlState(base, n);
  c.openView({
    settings: v.settings,
    lesson: v.lesson,
    hidden: v.hidden,
    speed: v.speed,
    selected: v.selected,
    paused: v.startPaused,
  });
}

/**
 * Start a chapter from its shipped checkpoint (a weights-only run file): checked like a run file and opened paused
 * in the worker, in a run that is never saved (the page's saved run of the same experiment stays as it was). On
 * failure the chapter trains from scratch, with a notice.
 */
async function loadCheckpoint(c: Controller, file: string, stillOpen: () => boolean): Promise<void> {
  const fail = (why: string): void =>
    c.settings.getState().addNotice(`The chapter's checkpoint could not be loaded (${why}); it trains from scratch.`);
  try {
    const r = await fetch(new URL(`checkpoints/${file}`, document.baseURI).href);
    if (!r.ok) return fail(`HTTP ${r.status}`);
    const text = await r.text();
    if (!stillOpen()) return;
    const error = await c.saved.openCheckpoint(text);
    if (error) fail(error);
  } catch (e) {
    fail((e as Error).message);
  }
}

export function LessonPanel() {
  const c = useController();
  const n = useSettings((s) => s.lesson) ?? 1;
  const step = useSession((s) => s.step);
  const models = useSession((s) => s.models);
  const phase = useSession((s) => s.phase);
  const ch = CHAPTERS[n - 1];
  /** The step at which each check of this chapter first held (cleared when the chapter or its training restarts). */
  // played: whether the chapter has trained since it opened; a check that already held before that (at step 0, or at
  // its checkpoint) gets no "first shown" note.
  const firstTicked = useRef<{ chapter: number; at: (number | null)[]; played: boolean }>({
    chapter: n,
    at: [],
    played: false,
  });
  if (firstTicked.current.chapter !== n || step === 0) firstTicked.current = { chapter: n, at: [], played: false };
  if (phase === 'running') firstTicked.current.played = true;
  const go = (k: number): void => {
    if (k >= 1 && k <= CHAPTERS.length) openChapter(c, k);
  };
  const checkpoint = CHAPTERS[n - 1]?.checkpoint;
  // biome-ignore lint/correctness/useExhaustiveDependencies: opening chapter n is the trigger to load its checkpoint
  useEffect(() => {
    let open = true; // a chapter left before its checkpoint arrived must not open it
    if (checkpoint) void loadCheckpoint(c, checkpoint, () => open);
    return () => {
      open = false;
    };
  }, [c, n, checkpoint]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.key === 'PageDown' || e.key === 'n' || e.key === 'N') go(n + 1);
      else if (e.key === 'PageUp' || e.key === 'p' || e.key === 'P') go(n - 1);
      else if (e.key === 'Escape') openChapter(c, null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  if (!ch) return null;
  const view = { step, models };
  const running = phase === 'running';
  return (
    <section
      className="lesson"
      data-testid="lesson-panel"
      data-chapter={n}
      aria-label={`Lesson, chapter ${n} of ${CHAPTERS.length}`}
    >
      <p className="lesson-count">
        Chapter {n} of {CHAPTERS.length} · <cite>{ch.source}</cite>
      </p>
      <h2 data-testid="lesson-title">{ch.title}</h2>
      <nav className="lesson-nav" aria-label="Chapters">
        <button
          type="button"
          data-testid="lesson-back"
          onClick={() => go(n - 1)}
          disabled={n <= 1}
          title="Previous chapter (PageUp or P)"
        >
          ← Back
        </button>
        {!running && (
          <button
            type="button"
            data-testid="lesson-play"
            className="primary big"
            onClick={() => c.play()}
            title="Start training (Space)"
          >
            ▶ Play
          </button>
        )}
        {running && (
          <button type="button" data-testid="lesson-pause" onClick={() => c.pause()}>
            ❚❚ Pause
          </button>
        )}
        <button
          type="button"
          data-testid="lesson-next"
          onClick={() => go(n + 1)}
          disabled={n >= CHAPTERS.length}
          title="Next chapter (PageDown or N)"
        >
          Next →
        </button>
        <button
          type="button"
          data-testid="lesson-exit"
          className="link"
          onClick={() => openChapter(c, null)}
          title="Back to the explorer (Esc)"
          aria-label="Exit the lesson"
        >
          Exit
        </button>
      </nav>
      <div className="lesson-body" data-testid="lesson-body">
        {ch.body.map((b, i) => (
          <p key={i}>
            <Tex text={b} />
          </p>
        ))}
      </div>
      {ch.note && (
        <p className="lesson-note" data-testid="lesson-note">
          {ch.note}
        </p>
      )}
      <h3>What to look for</h3>
      <ul className="lesson-checks">
        {ch.checks.map((k, i) => {
          const ok = k.holds(view);
          const value = k.value?.(view) ?? null;
          const at = firstTicked.current.at;
          if (ok && at[i] == null) at[i] = firstTicked.current.played ? step : -1;
          const since = at[i] ?? null;
          return (
            <li key={i} data-testid="lesson-check" data-ok={ok} className={ok ? 'ok' : ''}>
              <span className="tick" role="img" aria-label={ok ? 'shown' : 'not yet'}>
                {ok ? '✓' : '○'}
              </span>{' '}
              {k.text}
              {value && <span className="check-value"> — now {value}</span>}
              {since !== null && since > 0 && (
                <span className="check-since" data-testid="check-since">
                  {' '}
                  (first shown at step {since}
                  {ok ? '' : '; not now'})
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
