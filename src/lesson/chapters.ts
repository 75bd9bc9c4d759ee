/**
 * The lesson: chapters a teacher steps through, each from the papers. A chapter names the
 * experiment it loads (a URL query, so it is exactly what a link would open), its speed, the
 * controls it shows, 2–4 sentences with formulas in TeX ($…$), annotations on the planes, and
 * live checks of what to look for.
 */
import type { Chapter, ChapterAnnotation } from './chapter';
import { INFOVAE_CHAPTER, LAGRANGE_CHAPTER, POWERFUL_DECODER_CHAPTER } from './imageChapters';
import {
  BETA_SWEEP_CHAPTER,
  CLASS_INFO_CHAPTER,
  RD_PLANE_CHAPTER,
  SIGMA_SWEEP_CHAPTER,
  SKEW_AXES_CHAPTER,
} from './toyChapters';
import { TWO_GAUSSIANS_CHAPTER } from './twoGaussiansChapter';

export type { Chapter, ChapterAnnotation };

/** The lesson in order: the toy problem first, then trained image models, the two Gaussians, and back to the toy. */
export const CHAPTERS: readonly Chapter[] = [
  RD_PLANE_CHAPTER,
  SKEW_AXES_CHAPTER,
  CLASS_INFO_CHAPTER,
  BETA_SWEEP_CHAPTER,
  POWERFUL_DECODER_CHAPTER,
  INFOVAE_CHAPTER,
  LAGRANGE_CHAPTER,
  TWO_GAUSSIANS_CHAPTER,
  SIGMA_SWEEP_CHAPTER,
];
