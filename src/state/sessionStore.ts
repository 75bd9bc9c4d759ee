/**
 * What the worker reports: backend, phase, step, per-model metrics with trails, tables of the
 * selected models, faults and errors. A vanilla zustand store (usable without React); the UI
 * reads it with narrow selectors.
 */
import { createStore } from 'zustand/vanilla';
import { type ImageData, imageUpdate } from './sessionImages';

export type { TestEvalState } from './sessionImages';
import type { ExperimentConfig, ModelSpec } from '../lib/experiment';
import type { BackendChoice, FromWorker, SavedRunInfo, WorkerPhase } from '../worker/protocol';
import { freshEntry, TRAIL_LENGTH, type Fault, type ModelEntry, withReading } from './modelEntries';

export {
  appendSeries,
  entropyEstimate,
  SERIES_MAX,
  TRAIL_LENGTH,
  type Fault,
  type ModelEntry,
  type ModelImages,
  type SeriesRow,
  type TrailPoint,
} from './modelEntries';

/** Everything the session store holds (its image part in sessionImages.ts). */
export interface SessionData extends ImageData {
  /** The experiment as the worker last reported it (objectives as in force); the one sent until then. */
  experiment: ExperimentConfig | null;
  phase: WorkerPhase;
  statusMessage: string;
  /** Progress 0–1 of what statusMessage says is under way (an asset downloading); null: none shown. */
  statusFraction: number | null;
  backend: BackendChoice | null;
  /** The training workers of the experiment in force, as the worker reports them (null: not said yet). */
  pool: Omit<Extract<FromWorker, { type: 'pool' }>, 'type'> | null;
  step: number;
  stepsPerSecond: number;
  order: string[];
  models: Record<string, ModelEntry>;
  tables: Record<string, Float32Array>;
  faults: Fault[];
  errors: string[];
  /** ms from page open to the first report's points, and to the first trained (step > 0) points. */
  firstPointMs: number | null;
  firstTrainedPointMs: number | null;
  /** The current experiment's run saved in the browser's storage, if any. */
  saved: { step: number; bytes: number; savedAt: number } | null;
  /** Every run saved in this browser (newest first). */
  savedRuns: SavedRunInfo[];
  /**
   * Whether this tab owns the experiment's saved run, as the worker reports it (null: not said yet, or no locks in this
   * browser).
   */
  ownership: { owned: boolean; reason: 'opened' | 'elsewhere' | 'taken' | 'granted' } | null;
  /** ms from page open to the worker's backend choice. */
  backendChosenMs: number | null;
  /** ms from the last objective change to the first report reflecting it. */
  objectiveLatencyMs: number | null;
  reports: number;
}

export interface SessionActions {
  /** Start a new experiment (sent, not yet reported): models listed, no metrics yet. */
  resetExperiment(experiment: ExperimentConfig): void;
  /** The same experiment with runs added or removed: entries of remaining models are kept. */
  setModels(models: ModelSpec[]): void;
  /** Fold one worker message into the state. */
  receive(msg: FromWorker, nowMs: number): void;
  /** Note that objective change `version` was sent at `nowMs`. */
  objectiveSent(version: number, nowMs: number): void;
  updateSpec(spec: ModelSpec): void;
  dismissError(i: number): void;
}

export type SessionState = SessionData & SessionActions;

/** What a new experiment starts without: no tables, grids, faults or steps yet. */
const emptyExperiment = () => ({
  tables: {},
  images: {},
  imageProgress: {},
  latents: {},
  chains: {},
  testEvals: {},
  densities: {},
  faults: [],
  step: 0,
  stepsPerSecond: 0,
});

const initial: SessionData = {
  experiment: null,
  phase: 'loading',
  statusMessage: 'loading the training worker',
  statusFraction: null,
  backend: null,
  pool: null,
  ...emptyExperiment(),
  order: [],
  models: {},
  errors: [],
  firstPointMs: null,
  firstTrainedPointMs: null,
  backendChosenMs: null,
  saved: null,
  savedRuns: [],
  ownership: null,
  objectiveLatencyMs: null,
  reports: 0,
};

export function createSessionStore() {
  let pending: { version: number; sentMs: number } | null = null;
  /** Objective edits newer than this version are still on their way: older reports must not undo the page's echo. */
  let awaited = 0;
  /**
   * A new experiment was sent and the worker has not yet said it trains it ('experiment'): reports and images still
   * arriving are the old experiment's, whose models may share the new ones' ids, and must not show as the new ones'.
   */
  let switching = false;
  /** Fold the objectives in force (from an 'experiment' message or a report) into the entries. */
  const inForce = (models: Record<string, ModelEntry>, id: string, objective: ModelSpec['objective'] | null): void => {
    const e = models[id];
    if (e && objective && JSON.stringify(e.spec.objective) !== JSON.stringify(objective))
      models[id] = { ...e, spec: { ...e.spec, objective } };
  };
  return createStore<SessionState>()((set, get) => ({
    ...initial,
    resetExperiment: (experiment) => {
      const models = experiment.models;
      awaited = 0;
      switching = true;
      set({
        experiment,
        order: models.map((m) => m.id),
        models: Object.fromEntries(models.map((m) => [m.id, freshEntry(m)])),
        ...emptyExperiment(),
      });
    },
    setModels: (models) => {
      const old = get().models;
      const exp = get().experiment;
      set({
        ...(exp ? { experiment: { ...exp, models } } : {}),
        order: models.map((m) => m.id),
        models: Object.fromEntries(models.map((m) => [m.id, old[m.id] ?? freshEntry(m)])),
      });
    },
    updateSpec: (spec) => {
      const e = get().models[spec.id];
      if (e) set({ models: { ...get().models, [spec.id]: { ...e, spec } } });
    },
    objectiveSent: (version, sentMs) => {
      pending = { version, sentMs };
      awaited = Math.max(awaited, version);
    },
    dismissError: (i) => set({ errors: get().errors.filter((_, j) => j !== i) }),
    receive: (msg, nowMs) => {
      switch (msg.type) {
        case 'status':
          set({ phase: msg.phase, statusMessage: msg.message, statusFraction: msg.fraction ?? null });
          return;
        case 'experiment': {
          switching = false;
          // The worker's word on what trains; entries keep their numbers, specs follow the report.
          const old = get().models;
          const fresh = msg.version >= awaited;
          const models = Object.fromEntries(
            msg.experiment.models.map((m) => {
              const e = old[m.id];
              return [m.id, e ? { ...e, spec: fresh ? m : { ...m, objective: e.spec.objective } } : freshEntry(m)];
            }),
          );
          set({ experiment: msg.experiment, order: msg.experiment.models.map((m) => m.id), models });
          return;
        }
        case 'backend':
          set({ backend: msg.choice, backendChosenMs: get().backendChosenMs ?? nowMs });
          return;
        case 'pool':
          set({
            pool: {
              workers: msg.workers,
              requested: msg.requested,
              auto: msg.auto,
              available: msg.available,
              reportMs: msg.reportMs,
            },
          });
          return;
        case 'fault':
          set({ faults: [...get().faults, { modelId: msg.modelId, quantity: msg.quantity, step: msg.step }] });
          return;
        case 'error':
          set({ errors: [...get().errors, msg.message].slice(-5) });
          return;
        case 'debug-reply':
        case 'import-result':
        case 'run':
          return;
        case 'restored': {
          // Seed each model's trail from its saved history, so the plane shows where it came from.
          const models = { ...get().models };
          for (const [id, rows] of Object.entries(msg.histories)) {
            const e = models[id];
            if (e)
              models[id] = {
                ...e,
                trail: rows.slice(-TRAIL_LENGTH).map((r) => ({ rateNats: r[1], distortionNats: r[2] })),
              };
          }
          set({
            models,
            step: msg.step,
            phase: 'paused',
            statusMessage: `restored at step ${msg.step}, paused`,
            statusFraction: null,
          });
          return;
        }
        case 'saved':
          set({ saved: msg.info });
          return;
        case 'saved-list':
          set({ savedRuns: msg.runs });
          return;
        case 'ownership':
          set({ ownership: { owned: msg.owned, reason: msg.reason } });
          return;
        case 'history':
        case 'notice':
          return;
        case 'images':
        case 'density1d':
        case 'chain':
        case 'latents':
        case 'test-eval':
        case 'image-progress':
          if (!switching) set(imageUpdate(get(), msg));
          return;
        case 'report': {
          if (switching) return;
          const s = get();
          const models = { ...s.models };
          for (const r of msg.models) {
            const e = models[r.id];
            if (!e) continue;
            models[r.id] = withReading(e, msg.step, r);
            if (msg.version >= awaited) inForce(models, r.id, r.objective);
          }
          const tables = { ...s.tables };
          for (const t of msg.tables) tables[t.id] = t.logTables;
          let latency = s.objectiveLatencyMs;
          if (pending && msg.version >= pending.version && msg.step > 0) {
            latency = nowMs - pending.sentMs;
            pending = null;
          }
          set({
            models,
            tables,
            step: msg.step,
            stepsPerSecond: msg.stepsPerSecond,
            objectiveLatencyMs: latency,
            reports: s.reports + 1,
            firstPointMs: s.firstPointMs ?? (msg.models.length > 0 ? nowMs : null),
            firstTrainedPointMs: s.firstTrainedPointMs ?? (msg.step > 0 ? nowMs : null),
          });
          return;
        }
        default: {
          const never: never = msg;
          throw new Error(`unexpected message ${JSON.stringify(never)}`);
        }
      }
    },
  }));
}

export type SessionStore = ReturnType<typeof createSessionStore>;
