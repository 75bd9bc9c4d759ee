/**
 * Typed messages between the UI and the training worker, both ways: discriminated unions on
 * `type`, handled by the host's table of handlers (host.ts) and the session store's exhaustive
 * switch. Large numbers travel as transferable Float32Arrays.
 */
import type { ObjectiveSettings } from '../math/objective';
import type { ExperimentConfig } from '../lib/experiment';
import type { HistoryRow, HistoryState } from '../lib/history';
import type { ModelMetrics, TestEvaluation } from '../lib/metrics';
import type { PopulationSnapshot } from '../model/toyPopulation';
import type { VaeModelSnapshot } from '../model/vae/vaeModel';
import type { ImageGrid } from '../model/vae/images';
import type { BinaryImageSet } from '../data/binaryImages';
import type { LatentMap } from '../model/vae/latentMap';
import type { DebugReply, DebugRequest } from './debugProtocol';

export type { ImageGrid, LatentMap };

import type { BackendName, BackendRequest } from '../lib/backends';

export type { BackendName, BackendRequest };

import type { BackendChoice, BackendTiming, Workload } from '../lib/backendChoice';

export type { BackendChoice, BackendTiming, Workload };

/** One saved run in the list: its storage key, time, step, size and how to reopen it. */
export interface SavedRunInfo {
  key: string;
  savedAt: number;
  step: number;
  bytes: number;
  label: string;
  query: string;
}

/** A trainer's whole state as typed arrays: to move it to another backend, into storage or a run file. */
export type TrainerSnapshot =
  | { kind: 'toy'; population: PopulationSnapshot }
  | { kind: 'image'; step: number; runs: VaeModelSnapshot[] };

/** UI → worker. */
export type ToWorker =
  /** Choose a backend and get ready to train. */
  | {
      type: 'init';
      backend: BackendRequest;
      cached: BackendChoice | null;
      /** Absolute URL of the app's data folder (public/data), where the image assets are. */
      assetBase: string;
      /** Workers asked for (null: automatic, every core but one). */
      pool?: number | null;
      /** What the backend is measured on (the experiment's: toy or image VAE; default toy). */
      workload?: Workload;
    }
  /** Train on this many workers (null: automatic); the experiment moves at once, same step and weights. */
  | { type: 'set-pool'; size: number | null }
  /**
   * Build an experiment. restore: continue its saved run if there is one (it comes back paused); label and query: how
   * the saved-run list names it and the URL query that reopens it; keep: false for a run that storage never sees (a
   * lesson chapter's: not restored, not saved, not owned).
   */
  | {
      type: 'configure';
      experiment: ExperimentConfig;
      play: boolean;
      restore: boolean;
      label?: string;
      query?: string;
      keep?: boolean;
    }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; count: number }
  | { type: 'reset' }
  | { type: 'set-objective'; modelId: string; objective: ObjectiveSettings; version: number }
  | { type: 'set-learning-rate'; learningRate: number }
  /** Slow motion: at most this many training steps per second (null: full speed). */
  | { type: 'set-speed'; maxStepsPerSecond: number | null }
  | { type: 'select'; modelIds: string[] }
  | { type: 'switch-backend'; choice: BackendChoice }
  /**
   * Delete a saved run from storage: the current experiment's (answered with 'saved' null), or the one with `key`; then
   * the list.
   */
  | { type: 'delete-saved'; key?: string }
  /** Delete every saved run (answered with 'saved' null and the empty list). */
  | { type: 'clear-saved' }
  /** Ask for the saved-run list (answered with 'saved-list'). */
  | { type: 'list-saved' }
  /** The user's own images (binarised 28×28 in the page): kept in the worker and in storage. */
  | { type: 'set-images'; set: BinaryImageSet }
  /** Image experiments: the same experiment with models added or removed; copies name their source. */
  | { type: 'edit-models'; experiment: ExperimentConfig; copies: { id: string; from: string }[] }
  /**
   * Replace the saved run by an imported one, after rebuilding its models as a check (answered with 'import-result').
   */
  | {
      type: 'import-run';
      experiment: ExperimentConfig;
      record: { savedAt: number; snapshot: TrainerSnapshot; histories: Record<string, HistoryState> };
    }
  /**
   * Open an experiment paused at a checkpoint (a lesson chapter's): its run is not kept, and the saved runs are left
   * alone (answered with 'import-result').
   */
  | {
      type: 'open-checkpoint';
      experiment: ExperimentConfig;
      record: { savedAt: number; snapshot: TrainerSnapshot; histories: Record<string, HistoryState> };
    }
  /** Ask for the current run's full state (answered with 'run'). */
  | { type: 'get-run' }
  /** Importance samples k of the held-out IWAE bound (image experiments), without restarting. */
  | { type: 'set-iwae'; samples: number }
  /** Stop the image grid being drawn (PixelCNN sampling is slow). */
  | { type: 'cancel-images' }
  /**
   * Run InfoVAE's Markov chain x ← d(x|z), z ← e(z|x) from ancestral codes of one image model (answered with
   * 'chain').
   */
  | { type: 'markov-chain'; modelId: string; meanField: boolean }
  /** A full test evaluation of one image model (every test image, IWAE with k samples); one at a time. */
  | { type: 'test-eval'; modelId: string; k: number }
  | { type: 'cancel-test-eval' }
  /** Ask for every model's recorded history (answered with 'history'). */
  | { type: 'get-history' }
  /** Ask the tab that owns this experiment's saved run to save and give it up; this tab then trains it. */
  | { type: 'take-over' }
  /**
   * "Open a copy": store the current experiment's newest save as the saved run of `to` (a copy, which this tab then
   * owns and opens).
   */
  | { type: 'copy-run'; to: ExperimentConfig }
  /** The page is being hidden or closed: save now (best effort). */
  | { type: 'save-now' }
  /** Test and benchmark requests (debugProtocol.ts), handled by worker/debug, loaded on demand. */
  | { type: 'debug'; request: DebugRequest };

/** UI → probe worker. */
export type ToProbe = { type: 'probe'; candidates: BackendName[]; workload?: Workload };
/** probe worker → UI. */
export type FromProbe = { type: 'probe-result'; timings: BackendTiming[] };

export type WorkerPhase = 'loading' | 'choosing-backend' | 'warming-up' | 'ready' | 'running' | 'paused' | 'error';

/** One model's numbers as its trainer reads them back. */
export interface ModelReading {
  id: string;
  metrics: ModelMetrics;
  /** false once the model was stopped by a NaN/Inf. */
  active: boolean;
  /** Image models: which step trains it (the lean wasm step, or the tensor path and why). */
  engine?: TrainingEngine;
}

/** The step that trains an image model: the lean wasm step (model/vae/lean) or the tensor path, with the reason. */
export interface TrainingEngine {
  kind: 'lean' | 'tensor';
  /** Why the tensor path (not the wasm backend, a family or objective the lean step does not cover); null: lean. */
  note: string | null;
}

/** One model in a report: its numbers and the objective in force (as the trainer sanitised it). */
export interface ModelReport extends ModelReading {
  objective: ObjectiveSettings | null;
}

/** worker → UI. */
export type FromWorker =
  /** fraction: progress 0–1 of what the message says is under way (an asset downloading). */
  | { type: 'status'; phase: WorkerPhase; message: string; fraction?: number }
  /**
   * The experiment in force, after every change (configure, reset, objective, learning rate, IWAE k, model edits,
   * restore).
   */
  | { type: 'experiment'; experiment: ExperimentConfig; version: number }
  | { type: 'backend'; choice: BackendChoice }
  | {
      type: 'report';
      step: number;
      stepsPerSecond: number;
      /** Highest objective version applied before the steps this report reflects. */
      version: number;
      models: ModelReport[];
      /** Log tables [ROWS · K] of the selected models (layout in model/toyLayout.ts). */
      tables: { id: string; logTables: Float32Array }[];
    }
  | { type: 'fault'; modelId: string; quantity: string; step: number }
  /**
   * Whether this tab owns the experiment's saved run (only the owner trains and saves). reason:
   * opened (as the experiment opened), elsewhere (another tab owns it), taken (another tab took
   * it over), granted (this tab got it: the owner closed or gave it up).
   */
  | { type: 'ownership'; owned: boolean; reason: 'opened' | 'elsewhere' | 'taken' | 'granted' }
  /**
   * Image grids of one image model at `step`: reconstructions (input, decode, mean of 5) and samples (decode, mean of
   * 5).
   */
  | { type: 'images'; modelId: string; step: number; recon: ImageGrid; samples: ImageGrid }
  /** The 1-D model's density p(x) on the x grid (by quadrature), for the density panel. */
  | { type: 'density1d'; modelId: string; step: number; x: Float32Array; model: Float32Array }
  /** The Markov chain's frames of one image model: rows = chains, columns = steps 0…T (0 = ancestral). */
  | { type: 'chain'; modelId: string; step: number; grid: ImageGrid }
  /**
   * A test evaluation of the model's weights at `step`: under way (fraction 0–1), done (result), or stopped (fraction
   * null, no result).
   */
  | {
      type: 'test-eval';
      modelId: string;
      step: number;
      k: number;
      fraction: number | null;
      result: TestEvaluation | null;
    }
  /** 2-D latents of one image model: held-out encodings (with labels) over log m(z). */
  | { type: 'latents'; modelId: string; step: number; map: LatentMap; labels: Uint8Array }
  /** Progress 0–1 of the image grids being drawn; null: the drawing was cancelled. */
  | { type: 'image-progress'; modelId: string; fraction: number | null }
  /**
   * A saved run was restored: its step, save time and histories (its objectives arrive in the 'experiment' message).
   * resume: the worker goes on training at once (after a device loss) instead of waiting paused.
   */
  | { type: 'restored'; step: number; savedAt: number; resume: boolean; histories: Record<string, HistoryRow[]> }
  | { type: 'history'; histories: Record<string, HistoryRow[]> }
  /**
   * The training workers of the experiment in force: how many train it (1: this worker alone),
   * what the user asked for (null: automatic), the automatic size, and whether a pool can start here.
   */
  | {
      type: 'pool';
      workers: number;
      requested: number | null;
      auto: number;
      available: boolean /** Most ms between reports (lib/pool.ts reportIntervalFor). */;
      reportMs: number;
    }
  /** Every saved run (newest first): label, step, size, and the query that reopens it. */
  | { type: 'saved-list'; runs: SavedRunInfo[] }
  /** The saved run now in storage (null: none): its step, size in bytes and time. */
  | { type: 'saved'; info: { step: number; bytes: number; savedAt: number } | null }
  /** Something the user should know that is not an error (shown as a dismissible notice). */
  | { type: 'notice'; message: string }
  | { type: 'error'; message: string }
  /** The answer to a debug request. */
  | { type: 'debug-reply'; reply: DebugReply }
  /** error null: the imported run is now the saved run (configure with restore to load it). */
  | { type: 'import-result'; error: string | null }
  | {
      type: 'run';
      record: { savedAt: number; snapshot: TrainerSnapshot; histories: Record<string, HistoryState> } | null;
    };
