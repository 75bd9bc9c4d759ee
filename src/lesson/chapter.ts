/**
 * What a lesson chapter is (the experiment it loads, its text, checks, annotations and panels) and
 * the controls the two kinds of chapter hide.
 */
import type { RdPoint } from '../math/frontier';
import type { Hideable } from '../state/url';
import type { Check } from './checks';

export interface ChapterAnnotation {
  text: string;
  modelId?: string;
  at?: RdPoint;
  /** Text offset from the point, px. */
  dx?: number;
  dy?: number;
}

export interface Chapter {
  title: string;
  /** The paper and section the chapter shows. */
  source: string;
  /** The experiment, as the query of a link (preset, family, objective, …). */
  query: string;
  /** Steps per second while it plays (null: full speed). */
  speed: number | null;
  /** Controls the chapter hides (classroom _hide names). */
  hide: Hideable[];
  /** The model selected at the start (its σ / β handles are drawn). */
  select?: string;
  /** Sentences of the text; formulas between $…$. */
  body: string[];
  checks: Check[];
  annotations: { rd?: ChapterAnnotation[]; skew?: ChapterAnnotation[] };
  /** What the chapter needs beyond the planes. */
  panels: ('figure2' | 'images' | 'curves' | 'mixture')[];
  /** Said on screen: where the chapter starts from when that is not step 0 (a checkpoint). */
  note?: string;
  /**
   * A weights-only run file in public/checkpoints/ the chapter starts from (made by tests/bench/make-checkpoint.ts).
   */
  checkpoint?: string;
}

/** Controls the toy chapters hide (classroom _hide names). */
export const TOY_HIDE: Hideable[] = ['preset', 'family', 'vae', 'seed', 'backend', 'export', 'lambda', 'anneal', 'lr'];
/** Controls the image and two-Gaussian chapters hide: the toy list less the learning rate. */
export const IMAGE_HIDE: Hideable[] = ['preset', 'family', 'vae', 'seed', 'backend', 'export', 'lambda', 'anneal'];
