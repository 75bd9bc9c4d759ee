/**
 * Messages between the training worker (the coordinator of a pool) and its pool workers. Each
 * pool worker trains a contiguous block of the experiment's trained models with its own tfjs; the
 * coordinator keeps the session (loop, saving, histories, reports) and merges what pool workers read.
 * Every request carries an id and is answered with a 'reply' of the same id.
 */
import type { BinaryImageSet } from '../../data/binaryImages';
import type { ExperimentConfig } from '../../lib/experiment';
import type { ObjectiveSettings } from '../../math/objective';
import type { VaeModelSnapshot } from '../../model/vae/vaeModel';
import type { FromWorker } from '../protocol';
import type { PoolPlace, TrainerSnapshot } from '../trainers/trainer';

/** A request without its id (the link adds it). */
export type PoolWorkerRequest =
  | { type: 'backend'; backend: string }
  /**
   * Build the pool worker's trainer for `experiment` (its block only, hand models in the first pool worker) at
   * `place` in the whole. images: the image set (null: keep the one sent before). Then either
   * `snapshot` (the block's whole state) or `modelSnapshots` (image models to take from snapshots, null: fresh) at
   * `step`.
   */
  | {
      type: 'build';
      experiment: ExperimentConfig;
      place: PoolPlace;
      images: BinaryImageSet | null;
      snapshot: TrainerSnapshot | null;
      modelSnapshots?: (VaeModelSnapshot | null)[];
      step?: number;
    }
  | { type: 'train'; count: number }
  | { type: 'check-faults' }
  | { type: 'read'; selected: string[]; complete: boolean }
  | { type: 'set-objective'; modelId: string; objective: ObjectiveSettings }
  | { type: 'set-learning-rate'; learningRate: number }
  | { type: 'inject-nan'; modelId: string }
  | { type: 'export' }
  | { type: 'import'; snapshot: TrainerSnapshot }
  | { type: 'selection-changed' }
  | { type: 'set-iwae'; samples: number }
  | { type: 'cancel-images' }
  | { type: 'test-eval'; modelId: string; k: number }
  | { type: 'cancel-test-eval' }
  | { type: 'markov-chain'; modelId: string; meanField: boolean }
  | { type: 'memory' }
  /** Test hook: destroy this pool worker's WebGPU device. */
  | { type: 'lose-device' }
  /** Test hook: fail with an uncaught error. */
  | { type: 'crash' }
  | { type: 'dispose' };

export type ToPoolWorker = PoolWorkerRequest & { id: number };

export type FromPoolWorker =
  | { type: 'reply'; id: number; value?: unknown; error?: string }
  /**
   * Something the pool worker's trainer posts for the page (grids, chains, test evaluations, notices): forwarded as
   * it is.
   */
  | { type: 'post'; message: FromWorker }
  /** The pool worker's WebGPU device was lost: its models must be rebuilt elsewhere. */
  | { type: 'lost'; reason: string };
