/**
 * Live checks of a lesson chapter: "what to look for", each a condition on the numbers the
 * worker reports, ticked when it holds. Pure functions of the models' reported entries.
 */
import type { ModelMetrics } from '../lib/metrics';
import type { ModelEntry } from '../state/modelEntries';

/** What a check reads: every model's latest entry and the step. */
export interface LessonView {
  step: number;
  models: Readonly<Record<string, ModelEntry>>;
}

export interface Check {
  /** What to look for, in words (with units). */
  text: string;
  /** Whether the live numbers show it now. */
  holds(v: LessonView): boolean;
  /** The number it is about, formatted (shown beside the text), or null before there is one. */
  value?(v: LessonView): string | null;
}

/** A model's latest metrics, or null before its first report. */
export const metricsOf = (v: LessonView, id: string): ModelMetrics | null => v.models[id]?.metrics ?? null;

/** The metric `pick` of model `id`, NaN when missing. */
export function num(v: LessonView, id: string, pick: (m: ModelMetrics) => number | undefined): number {
  const m = metricsOf(v, id);
  const x = m ? pick(m) : undefined;
  return x === undefined ? Number.NaN : x;
}

export const nats = (x: number, digits = 3): string => (Number.isFinite(x) ? `${x.toFixed(digits)} nats` : '—');

/** Gap of a model above the bound D = H − R (toy and 1-D: H exact), nats. */
export const boundGap = (v: LessonView, id: string): number =>
  num(v, id, (m) => (m.entropyNats === undefined ? undefined : m.negElboNats - m.entropyNats));

/** The last `n` rows of a model's curves over training. */
export const lastRows = (v: LessonView, id: string, n: number) => (v.models[id]?.series ?? []).slice(-n);
