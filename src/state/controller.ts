/**
 * The page's controller: builds experiments from settings, sends the user's requests (play, β, σ,
 * objectives, backend, pool, speed) to the training worker, routes its reports into the session
 * store, and mirrors the settings into the URL. Composed of parts with one job each: workerLink,
 * backendChoices, objectiveRequests, selection, savedRunRequests, imageRequests, debugClient.
 */
import { DEFAULT_SETTINGS, defaultLearningRate, type ExperimentConfig, PRESET_LABELS } from '../lib/experiment';
import { presetDataset, type ModelEdits } from '../lib/experiment';
import { buildExperiment } from '../lib/presets';
import { workloadOf } from '../lib/backendChoice';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { BackendChoices, type BackendChoiceOptions } from './backendChoices';
import { DebugClient } from './debugClient';
import { ImageRequests } from './imageRequests';
import { createImportedRunsStore } from './importedRuns';
import { ObjectiveRequests } from './objectiveRequests';
import { createSessionStore, type SessionStore } from './sessionStore';
import { SavedRunRequests } from './savedRunRequests';
import { Selection } from './selection';
import { settingsFromExperiment } from './selectors';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { serializeUrl, type UrlState } from './url';
import { WATCHDOG_MS, WorkerLink, type WorkerLike } from './workerLink';
import { writeWhenStill } from './urlWriter';

export { WATCHDOG_MS, type WorkerLike } from './workerLink';
export type { ProbeLike } from './backendProbe';

export interface ControllerOptions extends BackendChoiceOptions {
  /** Starts the training worker (called again to replace one that crashed). */
  createWorker: () => WorkerLike;
  urlState: UrlState;
  notices: string[];
  now?: () => number;
  /** Called with the new query string whenever settings change. */
  writeUrl?: (query: string) => void;
  /** How long the URL waits for settings to stop changing before it is written (drags write once at the end). */
  urlDelayMs?: number;
}

type StructurePatch = Partial<Pick<UrlState['settings'], 'preset' | 'family' | 'seed' | 'arch' | 'batchSize'>>;

export class Controller {
  readonly session: SessionStore;
  readonly settings: SettingsStore;
  /** Runs imported from runner files (read-only, beside the live ones). */
  readonly imported = createImportedRunsStore();
  readonly objectives: ObjectiveRequests;
  readonly saved: SavedRunRequests;
  readonly images: ImageRequests;
  readonly selection: Selection;
  /** Test and benchmark requests (the debug handle's); a benchmark stops training, and the page follows. */
  readonly debug: DebugClient;
  private readonly link: WorkerLink;
  private readonly backends: BackendChoices;
  private readonly now: () => number;
  /** Whether training should run: the user's last play or pause (the worker's reports say whether it does). */
  private playing: boolean;
  private resumeAfterRestart = false;
  private primaryId: string;

  constructor(options: ControllerOptions) {
    this.playing = !options.urlState.startPaused;
    this.now = options.now ?? (() => performance.now());
    this.session = createSessionStore();
    this.settings = createSettingsStore(options.urlState, options.notices);
    this.link = new WorkerLink(options.createWorker, this.now, {
      message: (msg) => this.onMessage(msg),
      failed: (reason) => this.restart(reason),
    });
    const post = (msg: ToWorker): void => this.link.post(msg);
    this.backends = new BackendChoices(options, post);
    this.objectives = new ObjectiveRequests(this.link, this.session, this.now);
    this.saved = new SavedRunRequests(this.link, this);
    this.images = new ImageRequests(this.link, this);
    this.selection = new Selection(this.link, this);
    this.debug = new DebugClient(post, () => {
      this.playing = false;
    });
    const built = buildExperiment(options.urlState.settings);
    this.session.getState().resetExperiment(built.config);
    this.primaryId = built.primaryId;
    const write = options.writeUrl;
    if (write) writeWhenStill(this.settings, () => write(serializeUrl(this.settings.getState())), options.urlDelayMs);
  }

  /** The experiment as the worker reports it (objectives as in force); before its first report, the one sent. */
  get currentExperiment(): ExperimentConfig {
    return this.session.getState().experiment as ExperimentConfig;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get primaryModelId(): string {
    return this.primaryId;
  }

  /** Start: choose backend, build the experiment (continuing a saved run of it, paused), play. */
  start(): void {
    const s = this.settings.getState();
    this.link.heard();
    this.backends.init(workloadOf(this.currentExperiment), s.backend, s.pool);
    if (s.speed !== null) this.link.post({ type: 'set-speed', maxStepsPerSecond: s.speed });
    this.configure(true);
  }

  /** Replace a crashed or silent worker; the experiment continues from its last save. */
  restart(reason: string): void {
    this.resumeAfterRestart = this.playing && this.settings.getState().lesson === null; // a chapter is never saved
    this.link.replace();
    this.settings
      .getState()
      .addNotice(
        `The training worker stopped (${reason}) and was restarted; the run continues from its last save (a lesson ` +
          'chapter starts again). Steps since that save (at most a few seconds) were lost.',
      );
    this.start();
  }

  /** Watchdog: call periodically; restarts a worker that has gone silent while playing. */
  checkHealth(): void {
    if (this.playing && this.session.getState().phase === 'running' && this.link.silent)
      this.restart(`no message for ${WATCHDOG_MS / 1000} s`);
  }

  /** Rebuild the experiment from the settings (preset, family, seed) and restart training. */
  configure(restore = false): void {
    const built = buildExperiment(this.settings.getState().settings);
    // Another workload (toy ↔ image VAE, few ↔ many toy models) is measured for its own backend when automatic.
    const workload = workloadOf(built.config);
    const s = this.settings.getState();
    if (workload !== this.backends.workload && s.backend === 'auto') this.backends.init(workload, s.backend, s.pool);
    this.primaryId = built.primaryId;
    this.objectives.clear();
    this.session.getState().resetExperiment(built.config);
    const images = built.config.dataset === 'custom' ? ' (your images)' : '';
    const label = `${PRESET_LABELS[s.settings.preset]}${images}, seed ${s.settings.seed}`;
    const query = serializeUrl(s);
    // A lesson chapter's run is not kept: it starts at step 0 (or its checkpoint) and leaves the saved runs alone.
    const keep = s.lesson === null;
    this.link.post({ type: 'configure', experiment: built.config, play: this.playing, restore, label, query, keep });
    this.selection.send();
  }

  /** Open the experiment of the settings again, paused, continuing its saved run (a copy, an imported file). */
  reopenPaused(): void {
    this.playing = false;
    this.configure(true);
  }

  play(): void {
    this.playing = true;
    this.link.post({ type: 'play' });
  }

  pause(): void {
    this.playing = false;
    this.link.post({ type: 'pause' });
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  step(count = 1): void {
    if (this.playing) this.pause();
    this.link.post({ type: 'step', count });
  }

  /** Re-initialise every model from the seed; the worker keeps the experiment in force (edited objectives included). */
  reset(): void {
    this.objectives.flush();
    this.session.getState().resetExperiment(this.currentExperiment);
    this.link.post({ type: 'reset' });
  }

  setLearningRate(lr: number): void {
    this.link.post({ type: 'set-learning-rate', learningRate: lr });
  }

  /** The user picked a backend (auto included): it is measured afresh, not taken from the cache. */
  setBackend(backend: UrlState['backend']): void {
    this.backends.forget();
    this.settings.getState().setBackend(backend);
    const s = this.settings.getState();
    this.backends.init(this.backends.workload, s.backend, s.pool, false);
    this.configure();
  }

  /** Train on `size` workers (null: automatic); kept in the URL. The worker reports how many train. */
  setPool(size: number | null): void {
    this.settings.getState().setView({ pool: size });
    this.link.post({ type: 'set-pool', size });
  }

  /** Slow motion: at most this many steps per second (null: full speed); kept in the URL. */
  setSpeed(maxStepsPerSecond: number | null): void {
    this.settings.getState().setView({ speed: maxStepsPerSecond });
    this.link.post({ type: 'set-speed', maxStepsPerSecond });
  }

  /** The page is being hidden or closed: the worker saves now (best effort). */
  saveNow(): void {
    this.link.post({ type: 'save-now' });
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
    // Back in the explorer its saved run continues (paused); a chapter starts afresh.
    this.configure(view.lesson === null);
  }

  /** Change what is trained (preset, family, architecture, batch, seed, images): a new experiment. */
  setStructure(patch: StructurePatch & Partial<Pick<UrlState['settings'], 'images'>>): void {
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

  /** The same experiment with the model list edited; models that stay keep the objectives in force on them. */
  editModels(edits: ModelEdits, copies: { id: string; from: string }[]): void {
    this.settings.getState().setSettings({ runs: edits });
    const built = buildExperiment(this.settings.getState().settings);
    const models = built.config.models.map((m) => this.currentExperiment.models.find((x) => x.id === m.id) ?? m);
    const experiment = { ...built.config, models };
    this.primaryId = models.some((m) => m.id === this.primaryId) ? this.primaryId : built.primaryId;
    this.session.getState().setModels(models);
    this.link.post({ type: 'edit-models', experiment, copies });
    this.selection.send();
  }

  private onMessage(msg: FromWorker): void {
    const st = this.settings.getState();
    if (msg.type === 'restored') this.onRestored(msg);
    // The URL and the controls follow what the worker put in force, not what the page asked for.
    if (msg.type === 'experiment' && msg.version >= this.objectives.version)
      st.setSettings(settingsFromExperiment(st.settings, msg.experiment, this.primaryId));
    // Only the owner trains: the worker refuses to play elsewhere, and the page follows it.
    if (msg.type === 'ownership' && !msg.owned) this.playing = false;
    if (msg.type === 'ownership' && msg.reason === 'granted')
      st.addNotice(
        'This tab now trains this experiment: the other tab closed or handed it over. ' +
          'It continues from the newest save, paused.',
      );
    if (msg.type === 'notice') st.addNotice(msg.message);
    if (msg.type === 'backend') this.backends.reported(msg.choice);
    if (msg.type === 'debug-reply') this.debug.deliver(msg.reply);
    this.session.getState().receive(msg, this.now());
  }

  /** A saved run continues (its objectives arrive with the 'experiment' message): stay paused, say so. */
  private onRestored(msg: Extract<FromWorker, { type: 'restored' }>): void {
    this.playing = msg.resume;
    const when = new Date(msg.savedAt).toLocaleTimeString();
    if (msg.resume) return; // the worker explains itself in a notice and goes on training
    if (this.resumeAfterRestart) {
      this.resumeAfterRestart = false;
      this.settings.getState().addNotice(`Continued from the save at step ${msg.step} (${when}).`);
      this.play();
      return;
    }
    // In a lesson the chapter's own note says it starts from a checkpoint.
    if (this.settings.getState().lesson !== null) return;
    this.settings
      .getState()
      .addNotice(
        `Restored your run at step ${msg.step} (saved ${when}). ` +
          'It is paused: press Play to continue, or Reset to start over.',
      );
  }
}
