/**
 * The session's saved run: saving (weights, optimiser state, objectives, histories; a failure is
 * reported once and training goes on), a copy for another experiment, an imported run file,
 * deleting, and the list. Storage itself is the run keeper's (saved/runKeeper.ts).
 */
import type { ExperimentConfig } from '../../lib/experiment';
import type { RunKeeper } from '../saved/runKeeper';
import type { RunOwnership } from '../saved/ownership';
import { RUN_RECORD_VERSION, runKey, type RunRecord } from '../saved/storage';
import type { Trainer } from '../trainers/trainer';
import type { TrainerBuilder } from './trainerBuilder';
import type { ModelHistories } from './histories';

/** What the saves read of the session. */
export interface SavesHost {
  readonly trainer: Trainer | undefined;
  readonly config: ExperimentConfig | null;
  readonly owned: boolean;
  /** Whether the run is kept in storage at all (a lesson chapter's is not). */
  readonly kept: boolean;
  readonly ownership: RunOwnership | null;
  readonly savedNaming: { label: string; query: string };
  readonly modelHistories: ModelHistories;
  readonly builder: TrainerBuilder;
}

export class SessionSaves {
  /**
   * The step storage holds as the user left it (saved, or deleted, there): closing the page right
   * after a delete must not bring the run back.
   */
  private storedStep: number | null = null;

  constructor(
    private readonly host: SavesHost,
    private readonly keeper: RunKeeper,
  ) {}

  /** The current run's full state (null when nothing is trained). */
  async currentRecord(): Promise<Omit<RunRecord, 'version' | 'experiment'> | null> {
    const trainer = this.host.trainer;
    if (!trainer || trainer.trained.length === 0) return null;
    return { savedAt: Date.now(), snapshot: await trainer.exportState(), histories: this.host.modelHistories.saved };
  }

  /** Save the current run; `wait`: until it is written (else only until its state is taken). */
  async save({ wait = true }: { wait?: boolean } = {}): Promise<void> {
    const trainer = this.host.trainer;
    const exp = this.host.config;
    if (!trainer || !exp || trainer.trained.length === 0 || !this.host.owned || !this.host.kept) return;
    this.storedStep = trainer.step;
    await this.keeper.save(
      async () => {
        // Taken before the export's first await (a copy: reports go on recording while the save is under way).
        const saved = this.host.modelHistories.saved;
        const histories = wait ? saved : structuredClone(saved);
        const savedAt = Date.now();
        const snapshot = await trainer.exportState();
        return { version: RUN_RECORD_VERSION, savedAt, experiment: exp, snapshot, histories, ...this.host.savedNaming };
      },
      // A pool's workers answer the export before the steps queued after it, so training need not wait for it.
      { wait: wait ? 'written' : trainer.pipelined ? 'none' : 'built' },
    );
  }

  /** Save unless storage already holds this step (the page is being hidden or closed). */
  async saveIfNewer(): Promise<void> {
    if (this.host.trainer?.step !== this.storedStep) await this.save();
  }

  /** Store the current experiment's newest save (another tab's, when it owns it) as the saved run of the copy `to`. */
  async copyTo(to: ExperimentConfig): Promise<void> {
    const from = this.host.config;
    if (!from) return;
    const rec = await this.keeper.load(from);
    await this.host.ownership?.claim(runKey(to));
    if (rec) await this.keeper.replace({ ...rec, experiment: to });
  }

  /**
   * Make an imported run the saved run, after rebuilding its models on this backend as a check:
   * a file that does not fit changes nothing (returns the message). The caller then configures
   * the experiment with restore to load it.
   */
  async importRun(experiment: ExperimentConfig, record: Omit<RunRecord, 'version' | 'experiment'>) {
    let trainer: Trainer | undefined;
    try {
      trainer = await this.host.builder.build(experiment, false);
      await trainer.importState(record.snapshot);
    } catch (e) {
      return `its models could not be rebuilt (${(e as Error).message})`;
    } finally {
      trainer?.dispose();
    }
    // The imported run becomes this tab's: it may not overwrite one another tab trains.
    if (this.host.ownership && !(await this.host.ownership.claim(runKey(experiment))))
      return 'this experiment is open in another tab, which owns its saved run: import it there, or close that tab';
    try {
      const { savedAt, snapshot, histories } = record;
      await this.keeper.replace({ version: RUN_RECORD_VERSION, savedAt, experiment, snapshot, histories });
    } catch (e) {
      return `it could not be stored (${(e as Error).message})`;
    }
    return null;
  }

  /** Delete the current experiment's saved run (or the run with `key`); training goes on, the next save writes. */
  async delete(key?: string): Promise<void> {
    const exp = this.host.config;
    await this.keeper.delete(exp, key);
    if (exp && (key === undefined || key === runKey(exp))) this.storedStep = this.host.trainer?.step ?? null;
  }

  /** Delete every saved run; training goes on. */
  async clearAll(): Promise<void> {
    await this.keeper.clearAll();
  }

  /** Post the saved-run list. */
  async list(): Promise<void> {
    await this.keeper.postList();
  }
}
