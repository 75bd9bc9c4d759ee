/**
 * Requests about saved runs: the list, deleting, handing a run between tabs, and run files
 * (export and import). Each is one message to the training worker; importing checks the file here
 * first, then has the worker rebuild it before it replaces the saved run.
 */
import type { ExperimentConfig } from '../lib/experiment';
import type { HistoryRow } from '../lib/history';
import { buildExperiment } from '../lib/presets';
import { decodeRunFile, encodeRunFile } from '../lib/runFile';
import type { ToWorker } from '../worker/protocol';
import type { SessionStore } from './sessionStore';
import type { SettingsStore } from './settingsStore';
import { COPY_MAX, isValidSettings } from './url';
import type { WorkerLink } from './workerLink';

/** What these requests need of the controller. */
export interface SavedRunHost {
  readonly settings: SettingsStore;
  readonly currentExperiment: ExperimentConfig;
  readonly isPlaying: boolean;
  /** Open the experiment of the settings again, paused, continuing its saved run. */
  reopenPaused(): void;
  readonly session: SessionStore;
}

export class SavedRunRequests {
  constructor(
    private readonly link: WorkerLink,
    private readonly host: SavedRunHost,
  ) {}

  /** Ask the worker for the saved-run list (it also arrives after every save). */
  list(): void {
    this.link.post({ type: 'list-saved' });
  }

  /** Delete a saved run: the current experiment's, or the one with `key` (training goes on; the next save writes). */
  delete(key?: string): void {
    this.link.post(key === undefined ? { type: 'delete-saved' } : { type: 'delete-saved', key });
  }

  /** Delete every saved run in this browser (training goes on; the next save writes the current one again). */
  clearAll(): void {
    this.link.post({ type: 'clear-saved' });
  }

  /** Ask the tab that owns this experiment to save and hand it over; this tab then trains it (paused). */
  takeOver(): void {
    this.link.post({ type: 'take-over' });
  }

  /** Open a copy of the experiment another tab owns: its newest save, under a copy this tab owns (paused). */
  openCopy(): void {
    const copy = 1 + Math.floor(Math.random() * COPY_MAX);
    this.host.settings.getState().setSettings({ copy });
    this.link.post({ type: 'copy-run', to: buildExperiment(this.host.settings.getState().settings).config });
    this.host.reopenPaused();
  }

  /** Every model's recorded history, as saved with the run (for exports). */
  async histories(): Promise<Record<string, HistoryRow[]>> {
    return (await this.link.ask({ type: 'get-history' }, 'history')).histories;
  }

  /** The current saved run (settings, experiment, weights, optimiser state, histories) as a run file's text. */
  async exportFile(): Promise<string | null> {
    const msg = await this.link.ask({ type: 'get-run' }, 'run');
    const settings = this.host.settings.getState().settings;
    return msg.record ? encodeRunFile(settings, this.host.currentExperiment, msg.record) : null;
  }

  /**
   * Load a run file: checked here (schema, version, structure, values), then rebuilt in the
   * worker; only then does it replace the saved run and open, paused. Returns an error message
   * (nothing changed) or null.
   */
  async importFile(text: string): Promise<string | null> {
    const decoded = decodeRunFile(text, isValidSettings);
    if ('error' in decoded) return decoded.error;
    const { file } = decoded;
    const record = file.record as Extract<ToWorker, { type: 'import-run' }>['record'];
    const { error } = await this.link.ask({ type: 'import-run', experiment: file.experiment, record }, 'import-result');
    if (error) {
      // The worker stopped to rebuild the file's models: training goes on as the user had it.
      if (this.host.isPlaying) this.link.post({ type: 'play' });
      return error;
    }
    this.host.settings.getState().setSettings(file.settings);
    this.host.settings.getState().select(null);
    this.host.reopenPaused();
    return null;
  }

  /**
   * Open a lesson chapter's checkpoint (a run file): checked here, then loaded by the worker straight into a run that
   * is not kept, paused; the saved runs are neither read nor written. Returns an error message or null.
   */
  async openCheckpoint(text: string): Promise<string | null> {
    const decoded = decodeRunFile(text, isValidSettings);
    if ('error' in decoded) return decoded.error;
    const { file } = decoded;
    const record = file.record as Extract<ToWorker, { type: 'open-checkpoint' }>['record'];
    this.host.settings.getState().setSettings(file.settings);
    // Shown from the worker's 'experiment' on (it arrives paused: 'restored' stops the page's play).
    this.host.session.getState().resetExperiment(file.experiment);
    const { error } = await this.link.ask(
      { type: 'open-checkpoint', experiment: file.experiment, record },
      'import-result',
    );
    return error;
  }
}
