/**
 * Pacing of the training loop: steps run in chunks of about CHUNK_TARGET_MS, then the worker
 * reads back (at most every REPORT_INTERVAL_MS a full report) and yields (../yieldToEvents.ts) so
 * that messages (β changes, pause) are handled between chunks.
 */

/** A chunk of steps runs for about this long before the worker reads back and yields. */
export const CHUNK_TARGET_MS = 40;
/** Most steps in one chunk. */
export const MAX_STEPS_PER_CHUNK = 2000;
/** Reports are posted at most this often while playing (sooner right after an objective change); see lib/pool.ts. */
export { REPORT_INTERVAL_MS } from '../../lib/pool';

/** Clamp a requested step count to [1, MAX_STEPS_PER_CHUNK]. */
export const clampSteps = (count: number): number => Math.max(1, Math.min(MAX_STEPS_PER_CHUNK, Math.floor(count)));

/** Next chunk size: scale toward CHUNK_TARGET_MS by at most 2× either way. */
export function nextChunkSize(steps: number, elapsedMs: number): number {
  const ratio = Math.min(2, Math.max(0.5, CHUNK_TARGET_MS / Math.max(0.1, elapsedMs)));
  return clampSteps(Math.round(steps * ratio));
}

/** Chunks per second when a speed cap is set (slow motion reports every chunk). */
export const SLOW_CHUNKS_PER_SECOND = 20;

/**
 * Slow motion: steps of one chunk under a cap of `maxStepsPerSecond`, and how long the chunk
 * should take at least (ms), so that the average rate stays at the cap.
 */
export function cappedChunk(maxStepsPerSecond: number): { steps: number; minMs: number } {
  const steps = clampSteps(Math.max(1, Math.round(maxStepsPerSecond / SLOW_CHUNKS_PER_SECOND)));
  return { steps, minMs: (1000 * steps) / maxStepsPerSecond };
}
