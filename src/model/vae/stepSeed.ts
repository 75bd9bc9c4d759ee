/** Seeds of a model's steps, so that its batches and noise are reproducible. */

/** A seed for step t of a model, so batches and noise are reproducible. */
export function stepSeed(seed: number, step: number): number {
  return (Math.imul(seed >>> 0, 2654435761) ^ Math.imul(step + 1, 40503)) >>> 0;
}
