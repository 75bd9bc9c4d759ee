/**
 * What the training session drives: the models of one experiment on the current backend, toy
 * population or image runs alike. The session owns the loop, pacing, saving and messages; a
 * trainer owns tensors and turns its read-back into report models.
 */
import type { ObjectiveSettings } from '../math/objective';
import type { ModelSpec } from '../lib/experiment';
import type { PopulationSnapshot } from '../model/toyPopulation';
import type { VaeRunSnapshot } from '../model/vae/vaeRun';
import type { ModelReport } from './protocol';

/** A trainer's whole state as typed arrays: to move it to another backend or into storage. */
export type TrainerSnapshot = { kind: 'toy'; population: PopulationSnapshot } | { kind: 'image'; step: number; runs: VaeRunSnapshot[] };

export interface TrainerFault {
  modelId: string;
  quantity: string;
  step: number;
}

export interface TrainerRead {
  models: ModelReport[];
  /** Toy log tables of the selected models. */
  tables: { id: string; logTables: Float32Array }[];
  faults: TrainerFault[];
}

export interface Trainer {
  /** Training steps taken (every trained model takes one per step). */
  readonly step: number;
  /** The trained models, with the objectives now in force. */
  readonly trained: readonly ModelSpec[];
  /** Queue `count` steps of every active model. */
  train(count: number): void;
  /** Read back just enough to catch NaN/Inf (synchronises the backend). */
  checkFaults(): Promise<TrainerFault[]>;
  /** Read back every model for a report; `selected` models get their detail (tables, images). */
  read(selected: ReadonlySet<string>): Promise<TrainerRead>;
  /** Set a trained model's objective; returns the sanitised settings in force. */
  setObjective(modelId: string, objective: ObjectiveSettings): ObjectiveSettings;
  setLearningRate(lr: number): void;
  injectNaN(modelId: string): void;
  exportState(): Promise<TrainerSnapshot>;
  /** Replace the state with a snapshot of the same experiment (throws when it does not fit). */
  importState(snap: TrainerSnapshot): void;
  dispose(): void;
}
