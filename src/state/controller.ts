/**
 * Glue between the stores and the training worker: builds experiments from settings, forwards
 * live edits (β, σ, λ, objective, learning rate) as messages, routes reports into the run store,
 * and mirrors settings into the URL. Works with any WorkerLike, so tests can use a fake.
 */
import { MAX_EXTRA_RUNS, type RunEdits } from '../lib/experiment';
import { buildExperiment } from '../lib/presets';
import type { BinaryImageSet } from '../data/binaryImages';
import type { ToWorker } from '../worker/protocol';
import { ControllerCore } from './controllerCore';
import { createImportedRunsStore } from './importedRuns';
import { COPY_MAX, isValidSettings, type UrlState } from './url';
import { decodeRunFile, encodeRunFile } from '../lib/runFile';
import { DEFAULT_SETTINGS, defaultLearningRate, presetDataset } from '../lib/experiment';

export { WATCHDOG_MS, type ControllerOptions, type ProbeLike, type WorkerLike } from './controllerCore';

/** The controller: the core plus image-run edits, the user's own images and run files. */
export class Controller extends ControllerCore {
  /** Runs imported from runner files (read-only, beside the live ones). */
  readonly imported = createImportedRunsStore();

  /**
   * Image presets: add a copy of run `from` with its own β (kind beta) or σ (target-lagrange).
   * The copy starts from `from`'s current weights; every other run keeps training undisturbed.
   */
  duplicateRun(from: string, kind: 'beta' | 'target-lagrange', value: number): string | null {
    const s = this.settings.getState().settings;
    const exp = this.currentExperiment;
    if (exp.dataset === 'toy' || s.runs.extra.length >= MAX_EXTRA_RUNS) return null;
    let n = 1;
    while (exp.models.some((m) => m.id === `c${n}`) || s.runs.removed.includes(`c${n}`)) n++;
    const id = `c${n}`;
    this.editRuns({ ...s.runs, extra: [...s.runs.extra, { id, from, kind, value }] }, [{ id, from }]);
    return id;
  }

  /** Image presets: stop and drop run `id` (the others keep training). */
  removeRun(id: string): void {
    const s = this.settings.getState().settings;
    if (this.currentExperiment.dataset === 'toy' || this.currentExperiment.models.length <= 1) return;
    const extra = s.runs.extra.filter((e) => e.id !== id);
    const removed = s.runs.extra.some((e) => e.id === id) ? s.runs.removed : [...s.runs.removed, id];
    if (this.settings.getState().compareId === id) this.settings.getState().setCompare(null);
    if (this.selectedId() === id) this.settings.getState().select(null);
    this.editRuns({ extra, removed }, []);
  }

  private editRuns(runs: RunEdits, copies: { id: string; from: string }[]): void {
    this.settings.getState().setSettings({ runs });
    const built = buildExperiment(this.settings.getState().settings);
    // Runs that stay keep the objectives in force on them (the worker keeps them too).
    const models = built.config.models.map((m) => this.currentExperiment.models.find((x) => x.id === m.id) ?? m);
    const experiment = { ...built.config, models };
    this.primaryId = models.some((m) => m.id === this.primaryId) ? this.primaryId : built.primaryId;
    this.run.getState().setModels(models);
    this.post({ type: 'edit-runs', experiment, copies });
    this.sendSelection();
  }

  /** Ask the tab that owns this experiment to save and hand it over; this tab then trains it (paused). */
  takeOver(): void {
    this.post({ type: 'take-over' });
  }

  /**
   * Open a copy of the experiment another tab owns: its newest save, under a copy of its own that this tab owns
   * (restored paused).
   */
  openCopy(): void {
    const copy = 1 + Math.floor(Math.random() * COPY_MAX);
    this.settings.getState().setSettings({ copy });
    this.post({ type: 'copy-run', to: buildExperiment(this.settings.getState().settings).config });
    this.playing = false;
    this.configure(true);
  }

  /** The page is being hidden or closed: the worker saves now (best effort). */
  saveNow(): void {
    this.post({ type: 'save-now' });
  }

  /** Train on the user's own images (already binarised): hand them to the worker, then restart on them. */
  useCustomImages(set: BinaryImageSet): void {
    this.post({ type: 'set-images', set });
    const s = this.settings.getState().settings;
    this.setStructure({
      images: 'custom',
      ...(presetDataset(s.preset) === 'toy' ? { preset: 'mnist-single' as const } : {}),
    });
  }

  /**
   * The current run (settings, experiment, weights, optimiser state, histories) as one file's text; null when nothing
   * is trained.
   */
  async exportRun(): Promise<string | null> {
    const msg = await this.replies.ask({ type: 'get-run' }, 'run');
    return msg.record ? encodeRunFile(this.settings.getState().settings, this.currentExperiment, msg.record) : null;
  }

  /**
   * Load a run file: checked here (schema, version, structure, values), then rebuilt in the
   * worker; only then does it replace the saved run and start, paused. Returns an error message
   * (nothing changed) or null.
   */
  async importRun(text: string): Promise<string | null> {
    const decoded = decodeRunFile(text, isValidSettings);
    if ('error' in decoded) return decoded.error;
    const { file } = decoded;
    const record = file.record as Extract<ToWorker, { type: 'import-run' }>['record'];
    const { error } = await this.replies.ask(
      { type: 'import-run', experiment: file.experiment, record },
      'import-result',
    );
    if (error) {
      if (this.playing) this.post({ type: 'play' });
      return error;
    }
    this.playing = false;
    this.settings.getState().setSettings(file.settings);
    this.settings.getState().select(null);
    this.configure(true);
    return null;
  }

  /** Show run `id` beside the selected one (null: stop comparing). */
  compare(id: string | null): void {
    this.settings.getState().setCompare(id);
    this.sendSelection();
  }

  setBackend(backend: UrlState['backend']): void {
    this.probe.cancel();
    this.settings.getState().setBackend(backend);
    // An explicit choice (auto included) is measured afresh, not taken from the cache.
    this.finalChoices.clear();
    this.sendInit(this.workload, false);
    this.configure();
  }

  /** Train on `size` workers (null: automatic); kept in the URL. The worker reports how many train. */
  setPool(size: number | null): void {
    this.settings.getState().setView({ pool: size });
    this.post({ type: 'set-pool', size });
  }

  /** Slow motion: at most this many steps per second (null: full speed); kept in the URL. */
  setSpeed(maxStepsPerSecond: number | null): void {
    this.settings.getState().setView({ speed: maxStepsPerSecond });
    this.post({ type: 'set-speed', maxStepsPerSecond });
  }

  /**
   * Open another view of the app with its own experiment: a lesson chapter (settings, hidden
   * controls, speed, selection), paused so the teacher starts it; or the explorer again (lesson null).
   */
  openView(view: {
    settings: UrlState['settings'];
    lesson: number | null;
    hidden: UrlState['hidden'];
    speed: number | null;
    selected: string | null;
    paused: boolean;
  }): void {
    const st = this.settings.getState();
    st.setSettings(view.settings);
    st.setCompare(null);
    st.setView({ lesson: view.lesson, hidden: view.hidden, selected: view.selected, startPaused: view.paused });
    this.setSpeed(view.speed);
    this.playing = !view.paused;
    this.configure(false);
  }

  /** Structural changes rebuild the experiment. */
  /** Change what is trained (preset, family, architecture, batch, seed): a new experiment. */
  setStructure(
    patch: Partial<Pick<UrlState['settings'], 'preset' | 'family' | 'seed' | 'arch' | 'batchSize' | 'images'>>,
  ): void {
    const before = this.settings.getState().settings;
    const next = { ...patch };
    // Another dataset: its own default learning rate (Adam 1e-3 for images, 1e-2 for the toy).
    if (patch.preset && presetDataset(patch.preset) !== presetDataset(before.preset))
      Object.assign(next, { learningRate: defaultLearningRate(presetDataset(patch.preset)) });
    // Another preset starts from its own objectives, not the edits made on the last one.
    if (patch.preset && patch.preset !== before.preset)
      Object.assign(next, { objective: DEFAULT_SETTINGS.objective, objectives: {} });
    this.settings.getState().setSettings(next);
    this.settings.getState().select(null);
    this.configure();
  }
}
