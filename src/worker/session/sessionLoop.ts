/**
 * The training loop of a session: play / pause / step, chunks sized to the frame budget, reports
 * and fault checks. Holds the state both the loop and the session's changes touch; the session
 * (session.ts) adds what changes the experiment.
 */
import type { ExperimentConfig } from '../../lib/experiment';
import { RateMeter } from '../../lib/rateMeter';
import { ModelHistories } from './histories';
import { yieldToEvents } from '../yieldToEvents';
import { cappedChunk, clampSteps, nextChunkSize, REPORT_INTERVAL_MS } from './pacing';
import type { FromWorker } from '../protocol';
import type { RunKeeper } from '../saved/runKeeper';
import type { Trainer, TrainerFault } from '../trainers/trainer';

/**
 * Chunks a pipelined trainer (a pool) has queued behind the read-back the loop waits for. The
 * loop waits for the read-back it sent CHUNKS_AHEAD − 1 chunks ago, so a worker that finished it
 * (the slowest one last) still has CHUNKS_AHEAD chunks to train while the coordinator answers.
 * Waiting for the newest read-back instead left one chunk queued: the worker that was ahead ran
 * out of work at every chunk's barrier, and each pool worker sat without a request for part of the
 * time (MNIST 4-run sweep, pool of 2 on 2 cores). Each chunk queued adds one chunk (about
 * CHUNK_TARGET_MS) before an objective change reaches the workers.
 */
export const CHUNKS_AHEAD = 2;

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

export abstract class SessionLoop {
  /** How the saved-run list names the current experiment, and the query that reopens it. */
  protected naming: { label: string; query: string } = { label: 'saved run', query: '' };
  protected currentTrainer: Trainer | undefined;
  protected selected = new Set<string>();
  protected running = false;
  protected looping = false;
  /** Bumped when the trainer is abandoned (device loss): older loops and reads must stop. */
  protected generation = 0;
  /** What the user asked for (play or pause), whatever state the loop is in. */
  protected wantRunning = false;
  /** Called when the training loop fails; by default the error is posted to the UI. */
  onLoopError: (e: Error) => void = (e) => this.post({ type: 'error', message: `Training stopped: ${e.message}` });
  protected stepsPerChunk = 1;
  protected version = 0;
  protected readonly rate = new RateMeter();
  protected lastPostTime = Number.NEGATIVE_INFINITY;
  protected reportedVersion = 0;
  /** Read-backs of a pipelined trainer that the loop has not waited for yet, oldest first. */
  private readBacks: Promise<void>[] = [];
  /** When the pipelined loop's last wait for a read-back ended (null: no chunk yet in this loop). */
  private lastChunkEnd: number | null = null;

  /** The live experiment: the one owner of what trains (objectives as the trainer put them in force). */
  protected experiment: ExperimentConfig | undefined;
  protected readonly histories = new ModelHistories();

  protected abstract readonly keeper: RunKeeper;

  constructor(
    protected readonly post: Post,
    protected readonly now: () => number,
  ) {}

  /**
   * Save the current run (called by the loop when a save is due and when it stops). With
   * `wait: false` it returns once the run's state is taken, and the write goes on while training does.
   */
  abstract save(opts?: { wait?: boolean }): Promise<void>;

  get isRunning(): boolean {
    return this.running;
  }

  /** Whether the user last asked to play (true) or pause (false). */
  get wantsToRun(): boolean {
    return this.wantRunning;
  }

  /** True while the play loop is between chunks or inside one. */
  get isLooping(): boolean {
    return this.looping;
  }

  get step(): number {
    return this.currentTrainer?.step ?? 0;
  }

  /** Start the loop; returns when paused or disposed, after reporting the final state. */
  async play(): Promise<void> {
    this.running = true;
    this.wantRunning = true;
    this.post({ type: 'status', phase: 'running', message: 'training' });
    if (this.looping) return;
    this.looping = true;
    const gen = this.generation;
    this.rate.reset(this.step, this.now());
    this.readBacks = []; // a loop abandoned with its trainer (lost device) may have left some
    this.lastChunkEnd = null;
    try {
      while (this.running && this.currentTrainer && gen === this.generation) {
        await this.chunk();
        if (gen !== this.generation) return;
        if (this.keeper.enabled && this.keeper.due) await this.save({ wait: false });
        await yieldToEvents();
      }
      await this.drainReadBacks();
      // The chunk in flight when pause arrived may not have been reported: report where training stopped.
      if (this.currentTrainer && gen === this.generation) {
        await this.report();
        await this.save();
      }
    } catch (e) {
      this.readBacks = [];
      // A loop whose trainer was abandoned (lost device) may fail on its dead tensors: ignore it.
      if (gen !== this.generation) return;
      this.running = false;
      this.onLoopError(e as Error);
    } finally {
      if (gen === this.generation) this.looping = false;
    }
    if (!this.running && gen === this.generation)
      this.post({ type: 'status', phase: 'paused', message: `paused at step ${this.step}` });
  }

  /** Stop after the chunk in flight; the loop then reports and posts the paused status. */
  pause(): void {
    this.running = false;
    this.wantRunning = false;
    if (!this.looping) this.post({ type: 'status', phase: 'paused', message: `paused at step ${this.step}` });
  }

  /** Run exactly `count` steps (while paused) and report. */
  async stepOnce(count: number): Promise<void> {
    if (!this.currentTrainer || this.running) return;
    this.currentTrainer.train(clampSteps(count));
    await this.report();
  }

  /** Slow motion: at most this many steps per second (null: full speed). */
  maxStepsPerSecond: number | null = null;

  /** One chunk: train, read back, report; adapts the chunk size to CHUNK_TARGET_MS. */
  protected async chunk(): Promise<void> {
    const trainer = this.currentTrainer;
    if (!trainer) return;
    const t0 = this.now();
    if (this.maxStepsPerSecond !== null) {
      // Every chunk is reported, so slow motion moves smoothly; then wait out the chunk's share of a second.
      const { steps, minMs } = cappedChunk(this.maxStepsPerSecond);
      trainer.train(steps);
      await this.report();
      const wait = minMs - (this.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      return;
    }
    const due =
      t0 - this.lastPostTime >= (trainer.reportIntervalMs ?? REPORT_INTERVAL_MS) ||
      this.version !== this.reportedVersion;
    if (trainer.pipelined) {
      // The read-back request is sent (synchronously, in report / checkFaults) before the next
      // chunk, so it reads the steps queued so far while the workers go on with the queued chunks;
      // the loop waits for the one sent CHUNKS_AHEAD − 1 chunks ago (see CHUNKS_AHEAD).
      const pending = due ? this.report() : this.checkFaults();
      pending.catch(() => undefined); // awaited below or in drainReadBacks; a rejection is thrown there
      this.readBacks.push(pending);
      trainer.train(this.stepsPerChunk);
      while (this.readBacks.length >= CHUNKS_AHEAD) await this.readBacks.shift();
      // A chunk's time: from the previous wait's end to this one's (the workers train meanwhile,
      // also while this loop yields; a read-back may be in before this chunk's own wait starts).
      const end = this.now();
      const elapsed = end - (this.lastChunkEnd ?? t0);
      this.lastChunkEnd = end;
      this.stepsPerChunk = nextChunkSize(this.stepsPerChunk, elapsed);
      return;
    }
    trainer.train(this.stepsPerChunk);
    if (due) await this.report();
    else await this.checkFaults();
    this.stepsPerChunk = nextChunkSize(this.stepsPerChunk, this.now() - t0);
  }

  /** Wait for every read-back still in flight (the loop stops). */
  private async drainReadBacks(): Promise<void> {
    while (this.readBacks.length > 0) await this.readBacks.shift();
  }

  /** Read back R, D and parameter sums only: synchronises the backend and catches NaN/Inf between reports. */
  protected async checkFaults(): Promise<void> {
    const trainer = this.currentTrainer;
    if (!trainer) return;
    this.postFaults(await trainer.checkFaults());
  }

  /** Read back every model, post one report (and faults) of the steps queued when it is called. */
  async report(): Promise<void> {
    const trainer = this.currentTrainer;
    const gen = this.generation;
    this.lastPostTime = this.now();
    if (!trainer) return;
    const at = trainer.step; // taken before the read-back: a pipelined loop queues more steps meanwhile
    const version = this.version;
    this.reportedVersion = version;
    // Playing, measurements are spread over the reports; paused (or one step), every due one is taken now.
    const { models, tables, faults, again } = await trainer.read(this.selected, !this.running);
    if (gen !== this.generation) return; // the trainer was abandoned meanwhile
    this.postFaults(faults);
    const stepsPerSecond = this.rate.update(trainer.step, this.now());
    this.histories.record(at, models);
    const specs = this.experiment?.models ?? [];
    const withObjectives = models.map((m) => ({
      ...m,
      objective: specs.find((x) => x.id === m.id)?.objective ?? null,
    }));
    this.post(
      {
        type: 'report',
        step: at,
        stepsPerSecond: this.running ? stepsPerSecond : 0,
        version,
        models: withObjectives,
        tables,
      },
      tables.map((x) => x.logTables.buffer),
    );
    // Paused with points just shown (a checkpoint opened): their held-out numbers follow in a second report.
    if (again && !this.running) await this.report();
  }

  protected postFaults(faults: readonly TrainerFault[]): void {
    for (const f of faults) this.post({ type: 'fault', modelId: f.modelId, quantity: f.quantity, step: f.step });
  }
}
