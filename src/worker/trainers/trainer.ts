/**
 * What the training session drives: the models of one experiment on the current backend, toy,
 * 1-D mixture or image models alike. The session owns the loop, pacing, saving and messages; a
 * trainer owns tensors and turns its read-back into report models.
 */
import type { ObjectiveSettings } from '../../math/objective';
import type { ExperimentConfig, ModelSpec } from '../../lib/experiment';
import type { ModelReading, TrainerSnapshot } from '../protocol';

export type { TrainerSnapshot };

/**
 * Where a pool worker's trained models sit in the whole experiment: their indices among its trained models, and how
 * many it has.
 */
export interface PoolPlace {
  indices: number[];
  total: number;
}

export interface TrainerFault {
  modelId: string;
  quantity: string;
  step: number;
}

export interface TrainerRead {
  models: ModelReading[];
  /** Toy log tables of the selected models. */
  tables: { id: string; logTables: Float32Array }[];
  faults: TrainerFault[];
  /** A complete read left held-out measurements for the next read (models just reported): read again at once. */
  again?: boolean;
}

/** What an image trainer does besides training (the host's image messages): grids, chains, test evaluations. */
export interface ImageJobs {
  testEvaluation(modelId: string, k: number): Promise<void>;
  cancelTestEvaluation(): void;
  markovChain(modelId: string, meanField: boolean): Promise<void>;
  cancelImages(): void;
}

export interface Trainer {
  /** Training steps taken (every trained model takes one per step). */
  readonly step: number;
  /** The trained models, with the objectives now in force. */
  readonly trained: readonly ModelSpec[];
  /**
   * True when the steps run in other workers (a pool): the loop then asks for a chunk's read-back
   * and queues the next chunk behind it at once, so the workers train on while the loop waits.
   */
  readonly pipelined?: boolean;
  /** Most ms between reports while playing (the builder sets it from the pool size; default REPORT_INTERVAL_MS). */
  reportIntervalMs?: number;
  /** Queue `count` steps of every active model. */
  train(count: number): void;
  /** Read back just enough to catch NaN/Inf (synchronises the backend). */
  checkFaults(): Promise<TrainerFault[]>;
  /**
   * Read back every model for a report; `selected` models get their detail (tables, images). `complete`: every
   * measurement that is due is taken now (paused, or a single step), not spread over the next reports.
   */
  read(selected: ReadonlySet<string>, complete?: boolean): Promise<TrainerRead>;
  /** Set a trained model's objective; returns the sanitised settings in force (a pool: once its worker has). */
  setObjective(modelId: string, objective: ObjectiveSettings): ObjectiveSettings | Promise<ObjectiveSettings>;
  setLearningRate(lr: number): void;
  injectNaN(modelId: string): void;
  exportState(): Promise<TrainerSnapshot>;
  /** Replace the state with a snapshot of the same experiment (throws when it does not fit). */
  importState(snap: TrainerSnapshot): void | Promise<void>;
  dispose(): void;
  /** Image trainers: grids, chains and test evaluations. */
  readonly jobs?: ImageJobs;
  /** The selected models changed (their detail is measured again). */
  selectionChanged?(): void;
  /** Image trainers: k importance samples for the held-out IWAE bound. */
  setIwaeSamples?(k: number): void;
  /** Image trainers: add or remove models while the others train on (copies start from their source's state). */
  editModels?(experiment: ExperimentConfig, copies: ReadonlyMap<string, string>): Promise<void>;
}
