/**
 * The play loop with a pipelined trainer (a pool), driven by a fake trainer whose read-backs
 * resolve only when the test says: while the loop waits, the workers must still have
 * CHUNKS_AHEAD chunks queued behind the read-back it waits for, so that the worker that finished
 * first does not run out of work at every chunk's barrier.
 */
import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../../src/worker/protocol';
import type { RunKeeper } from '../../src/worker/saved/runKeeper';
import { CHUNKS_AHEAD, SessionLoop } from '../../src/worker/session/sessionLoop';
import type { Trainer, TrainerFault, TrainerRead } from '../../src/worker/trainers/trainer';

/** What the workers were asked, in order: 'T' a chunk of steps, a number the read-back with that id. */
type Sent = 'T' | number;

class FakePool implements Partial<Trainer> {
  readonly pipelined = true;
  readonly trained = [];
  reportIntervalMs = 1e9;
  step = 0;
  readonly sent: Sent[] = [];
  /** Read-backs not answered yet, oldest first. */
  readonly open: { id: number; answer: () => void }[] = [];
  private ids = 0;
  train(count: number): void {
    this.step += count;
    this.sent.push('T');
  }
  private readBack<T>(value: T): Promise<T> {
    const id = this.ids++;
    this.sent.push(id);
    return new Promise<T>((resolve) => this.open.push({ id, answer: () => resolve(value) }));
  }
  checkFaults(): Promise<TrainerFault[]> {
    return this.readBack([]);
  }
  read(): Promise<TrainerRead> {
    return this.readBack({ models: [], tables: [], faults: [] });
  }
  /** The workers answer the oldest read-back (they train in order, so it is the first to be answered). */
  answerOldest(): void {
    this.open.shift()?.answer();
  }
  /** Chunks queued behind the oldest read-back not answered. */
  chunksBehindOldest(): number {
    const oldest = this.open[0];
    if (!oldest) return Number.NaN;
    return this.sent.slice(this.sent.indexOf(oldest.id) + 1).filter((x) => x === 'T').length;
  }
}

class Loop extends SessionLoop {
  protected readonly keeper = { enabled: false, due: false } as unknown as RunKeeper;
  constructor(pool: FakePool, post: (m: FromWorker) => void) {
    super(post, () => performance.now());
    this.currentTrainer = pool as unknown as Trainer;
  }
  async save(): Promise<void> {}
}

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('pipelined play loop', () => {
  it(`keeps ${CHUNKS_AHEAD} chunks queued behind the read-back it waits for, and answers every read-back before it stops`, async () => {
    const pool = new FakePool();
    const posted: FromWorker[] = [];
    const loop = new Loop(pool, (m) => posted.push(m));
    const playing = loop.play();
    for (let round = 0; round < 6; round++) {
      await turns(5);
      // The loop is blocked on a read-back: what the workers still have to do behind it.
      expect(pool.open.length).toBeGreaterThan(0);
      expect(pool.chunksBehindOldest()).toBeGreaterThanOrEqual(CHUNKS_AHEAD);
      pool.answerOldest();
    }
    loop.pause();
    while (loop.isLooping) {
      pool.answerOldest();
      await turns(1);
    }
    await playing;
    expect(pool.open).toEqual([]);
    expect(posted.at(-1)).toMatchObject({ type: 'status', phase: 'paused' });
    // The final report reads the last chunk queued.
    expect(posted.filter((m) => m.type === 'report').at(-1)).toMatchObject({ step: pool.step });
  });
});
