/** Pacing of the training loop (worker/session/pacing.ts): chunk sizes against hand-computed values. */
import { describe, expect, it } from 'vitest';
import {
  CHUNK_TARGET_MS,
  cappedChunk,
  clampSteps,
  MAX_STEPS_PER_CHUNK,
  nextChunkSize,
  SLOW_CHUNKS_PER_SECOND,
} from '../../src/worker/session/pacing';

describe('nextChunkSize', () => {
  it('scales the steps by CHUNK_TARGET_MS / elapsed, rounded', () => {
    expect(CHUNK_TARGET_MS).toBe(40);
    expect(nextChunkSize(100, 40)).toBe(100);
    expect(nextChunkSize(100, 50)).toBe(80); // 100 · 40/50
    expect(nextChunkSize(10, 30)).toBe(13); // 10 · 4/3 = 13.3
    expect(nextChunkSize(7, 64)).toBe(4); // 7 · 0.625 = 4.375
  });

  it('by at most 2× either way', () => {
    expect(nextChunkSize(100, 1)).toBe(200);
    expect(nextChunkSize(100, 0)).toBe(200);
    expect(nextChunkSize(100, 10_000)).toBe(50);
    expect(nextChunkSize(100, 20)).toBe(200);
    expect(nextChunkSize(100, 80)).toBe(50);
  });

  it('stays within [1, MAX_STEPS_PER_CHUNK]', () => {
    expect(nextChunkSize(1, 10_000)).toBe(1);
    expect(nextChunkSize(MAX_STEPS_PER_CHUNK, 1)).toBe(MAX_STEPS_PER_CHUNK);
    expect(nextChunkSize(1500, 10)).toBe(MAX_STEPS_PER_CHUNK);
  });

  it('converges to the steps that take CHUNK_TARGET_MS when a step costs a fixed time', () => {
    const msPerStep = 0.37;
    let steps = 1;
    for (let i = 0; i < 30; i++) steps = nextChunkSize(steps, steps * msPerStep);
    expect(Math.abs(steps - CHUNK_TARGET_MS / msPerStep)).toBeLessThanOrEqual(1);
  });
});

describe('clampSteps and slow motion', () => {
  it('clampSteps floors and clamps to [1, MAX_STEPS_PER_CHUNK]', () => {
    expect([0, -5, 1, 2.9, 77, 1e9].map(clampSteps)).toEqual([1, 1, 1, 2, 77, MAX_STEPS_PER_CHUNK]);
  });

  it('a speed cap gives SLOW_CHUNKS_PER_SECOND chunks of steps, each lasting at least steps / cap seconds', () => {
    expect(SLOW_CHUNKS_PER_SECOND).toBe(20);
    expect(cappedChunk(100)).toEqual({ steps: 5, minMs: 50 });
    expect(cappedChunk(1000)).toEqual({ steps: 50, minMs: 50 });
    // Below 20 steps/s a chunk is one step, lasting 1/cap s.
    expect(cappedChunk(4)).toEqual({ steps: 1, minMs: 250 });
    expect(cappedChunk(30)).toEqual({ steps: 2, minMs: (1000 * 2) / 30 });
  });
});
