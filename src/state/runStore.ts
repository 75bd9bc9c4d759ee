/**
 * What the worker reports: backend, phase, step, per-model metrics with trails, tables of the
 * selected models, faults and errors. A vanilla zustand store (usable without React); the UI
 * reads it with narrow selectors.
 */
import { createStore } from 'zustand/vanilla';
import type { ModelSpec } from '../lib/experiment';
import type { ModelMetrics } from '../lib/metrics';
import type { BackendChoice, FromWorker, ImageGrid, LatentMap, SavedRunInfo, WorkerPhase } from '../worker/protocol';

/** The latest image grids of one image model. */
export interface ModelImages {
  step: number;
  recon: ImageGrid;
  samples: ImageGrid;
}

/** Points kept in each model's fading trail. */
export const TRAIL_LENGTH = 60;

export interface TrailPoint {
  rateNats: number;
  distortionNats: number;
}

/** One point of a model's curves over training (multipliers, MMD, and the 1-D model's MI and NLL). */
export interface SeriesRow {
  step: number;
  rateNats: number;
  distortionNats: number;
  /** σ multiplier of target-lagrange, and the constraint multipliers [μ_R, μ_MMD, μ_−ELBO]. */
  multiplier: number;
  multipliers: [number, number, number];
  mmd: number;
  /** 1-D model only: MI estimate and true −log-likelihood, nats. */
  miNats?: number;
  nllNats?: number;
}

/** Points kept per model's curves: past this, every other point is dropped (evenly spread history). */
export const SERIES_MAX = 400;

export interface ModelEntry {
  spec: ModelSpec;
  metrics: ModelMetrics | null;
  active: boolean;
  trail: TrailPoint[];
  series: SeriesRow[];
}

/** Append a row (replacing one of the same step) and thin the series past SERIES_MAX. */
export function appendSeries(series: readonly SeriesRow[], row: SeriesRow): SeriesRow[] {
  const last = series[series.length - 1];
  if (last && last.step === row.step) return [...series.slice(0, -1), row];
  if (last && row.step < last.step) return [row]; // a new run (reset or import) starts over
  const next = [...series, row];
  return next.length > SERIES_MAX ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

function seriesRow(step: number, m: ModelMetrics): SeriesRow {
  const row: SeriesRow = { step, rateNats: m.rateNats, distortionNats: m.distortionNats, multiplier: m.multiplier, multipliers: m.multipliers ?? [0, 0, 0], mmd: m.mmd ?? 0 };
  if (m.miEstimateNats !== undefined) row.miNats = m.miEstimateNats;
  if (m.trueNllNats !== undefined) row.nllNats = m.trueNllNats;
  return row;
}

export interface Fault {
  modelId: string;
  quantity: string;
  step: number;
}

export interface RunData {
  phase: WorkerPhase;
  statusMessage: string;
  backend: BackendChoice | null;
  step: number;
  stepsPerSecond: number;
  order: string[];
  models: Record<string, ModelEntry>;
  tables: Record<string, Float32Array>;
  /** Image models: latest grids, and the progress (0–1) of grids being drawn. */
  images: Record<string, ModelImages>;
  imageProgress: Record<string, number>;
  /** 1-D models: the density p(x) on the x grid (nats⁻¹ per unit x). */
  densities: Record<string, { step: number; x: Float32Array; model: Float32Array }>;
  /** Image models: the latest Markov-chain frames (rows = chains, columns = steps; column 0 ancestral). */
  chains: Record<string, { step: number; grid: ImageGrid }>;
  /** Image models with a 2-D latent: test encodings over log m(z). */
  latents: Record<string, { step: number; map: LatentMap; labels: Uint8Array }>;
  faults: Fault[];
  errors: string[];
  /** ms from page open to the first report's points, and to the first trained (step > 0) points. */
  firstPointMs: number | null;
  firstTrainedPointMs: number | null;
  /** The current experiment's run saved in the browser's storage, if any. */
  saved: { step: number; bytes: number; savedAt: number } | null;
  /** Every run saved in this browser (newest first). */
  savedRuns: SavedRunInfo[];
  /** ms from page open to the worker's backend choice. */
  backendChosenMs: number | null;
  /** ms from the last objective change to the first report reflecting it. */
  objectiveLatencyMs: number | null;
  reports: number;
}

export interface RunActions {
  /** Start a new experiment: models listed, no metrics yet. */
  resetModels(models: ModelSpec[]): void;
  /** The same experiment with runs added or removed: entries of remaining models are kept. */
  setModels(models: ModelSpec[]): void;
  /** Fold one worker message into the state. */
  receive(msg: FromWorker, nowMs: number): void;
  /** Note that objective change `version` was sent at `nowMs`. */
  objectiveSent(version: number, nowMs: number): void;
  updateSpec(spec: ModelSpec): void;
  dismissError(i: number): void;
}

export type RunState = RunData & RunActions;

const initial: RunData = {
  phase: 'loading',
  statusMessage: 'loading the training worker',
  backend: null,
  step: 0,
  stepsPerSecond: 0,
  order: [],
  models: {},
  tables: {},
  images: {},
  imageProgress: {},
  latents: {},
  chains: {},
  densities: {},
  faults: [],
  errors: [],
  firstPointMs: null,
  firstTrainedPointMs: null,
  backendChosenMs: null,
  saved: null,
  savedRuns: [],
  objectiveLatencyMs: null,
  reports: 0,
};

export function createRunStore() {
  let pending: { version: number; sentMs: number } | null = null;
  return createStore<RunState>()((set, get) => ({
    ...initial,
    resetModels: (models) =>
      set({
        order: models.map((m) => m.id),
        models: Object.fromEntries(models.map((m) => [m.id, { spec: m, metrics: null, active: true, trail: [], series: [] }])),
        tables: {},
        images: {},
        imageProgress: {},
        latents: {},
        chains: {},
        densities: {},
        faults: [],
        step: 0,
        stepsPerSecond: 0,
      }),
    setModels: (models) => {
      const old = get().models;
      set({
        order: models.map((m) => m.id),
        models: Object.fromEntries(models.map((m) => [m.id, old[m.id] ?? { spec: m, metrics: null, active: true, trail: [], series: [] }])),
      });
    },
    updateSpec: (spec) => {
      const e = get().models[spec.id];
      if (e) set({ models: { ...get().models, [spec.id]: { ...e, spec } } });
    },
    objectiveSent: (version, sentMs) => {
      pending = { version, sentMs };
    },
    dismissError: (i) => set({ errors: get().errors.filter((_, j) => j !== i) }),
    receive: (msg, nowMs) => {
      switch (msg.type) {
        case 'status':
          set({ phase: msg.phase, statusMessage: msg.message });
          return;
        case 'backend':
          set({ backend: msg.choice, backendChosenMs: get().backendChosenMs ?? nowMs });
          return;
        case 'fault':
          set({ faults: [...get().faults, { modelId: msg.modelId, quantity: msg.quantity, step: msg.step }] });
          return;
        case 'error':
          set({ errors: [...get().errors, msg.message].slice(-5) });
          return;
        case 'memory':
        case 'bench-result':
        case 'bench-mlp-result':
        case 'import-result':
        case 'run':
          return;
        case 'restored': {
          // Seed each model's trail from its saved history, so the plane shows where it came from.
          const models = { ...get().models };
          for (const [id, rows] of Object.entries(msg.histories)) {
            const e = models[id];
            if (e) models[id] = { ...e, trail: rows.slice(-TRAIL_LENGTH).map((r) => ({ rateNats: r[1], distortionNats: r[2] })) };
          }
          set({ models, step: msg.step, phase: 'paused', statusMessage: `restored at step ${msg.step}, paused` });
          return;
        }
        case 'saved':
          set({ saved: msg.info });
          return;
        case 'saved-list':
          set({ savedRuns: msg.runs });
          return;
        case 'history':
        case 'notice':
          return;
        case 'images': {
          const imageProgress = { ...get().imageProgress };
          delete imageProgress[msg.modelId];
          set({ images: { ...get().images, [msg.modelId]: { step: msg.step, recon: msg.recon, samples: msg.samples } }, imageProgress });
          return;
        }
        case 'density1d':
          set({ densities: { ...get().densities, [msg.modelId]: { step: msg.step, x: msg.x, model: msg.model } } });
          return;
        case 'chain':
          set({ chains: { ...get().chains, [msg.modelId]: { step: msg.step, grid: msg.grid } } });
          return;
        case 'latents':
          set({ latents: { ...get().latents, [msg.modelId]: { step: msg.step, map: msg.map, labels: msg.labels } } });
          return;
        case 'image-progress': {
          const imageProgress = { ...get().imageProgress };
          if (msg.fraction === null) delete imageProgress[msg.modelId];
          else imageProgress[msg.modelId] = msg.fraction;
          set({ imageProgress });
          return;
        }
        case 'report': {
          const s = get();
          const models = { ...s.models };
          for (const r of msg.models) {
            const e = models[r.id];
            if (!e) continue;
            const p = { rateNats: r.metrics.rateNats, distortionNats: r.metrics.distortionNats };
            const trail = e.trail.length > 0 && sameSpot(e.trail[e.trail.length - 1] as TrailPoint, p) ? e.trail : [...e.trail, p].slice(-TRAIL_LENGTH);
            models[r.id] = { ...e, metrics: r.metrics, active: r.active, trail, series: appendSeries(e.series, seriesRow(msg.step, r.metrics)) };
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

const sameSpot = (a: TrailPoint, b: TrailPoint): boolean =>
  Math.abs(a.rateNats - b.rateNats) < 1e-4 && Math.abs(a.distortionNats - b.distortionNats) < 1e-4;

export type RunStore = ReturnType<typeof createRunStore>;

/**
 * Ĥ: the best (lowest) held-out −log p(x) bound any image model reached (IWAE, else −ELBO), an
 * upper bound on the data entropy H (the paper's dashed D = Ĥ − R line); null before any.
 */
export function entropyEstimate(models: Record<string, ModelEntry>): number | null {
  let best: number | null = null;
  for (const e of Object.values(models)) {
    const h = e.metrics?.heldOut;
    if (!h) continue;
    const v = Math.min(h.iwaeNats, h.testNegElboNats);
    if (Number.isFinite(v) && (best === null || v < best)) best = v;
  }
  return best;
}
