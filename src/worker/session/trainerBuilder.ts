/**
 * Builds the trainer of an experiment: in this worker, or over a pool of workers when the
 * pool size (the user's request, else every core but one, never more than the models) is above 1.
 * The worker decides the size and reports it ('pool'); the page only shows it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BinaryImageSet } from '../../data/binaryImages';
import type { ExperimentConfig, ImageSource } from '../../lib/experiment';
import { loadWithStatus } from '../trainers/assets';
import { localTrainer } from '../trainers/localTrainer';
import { autoPoolSize, poolSizeFor, REPORT_INTERVAL_MS, reportIntervalFor } from '../../lib/pool';
import { PooledTrainer } from '../pool/pooledTrainer';
import type { FromWorker } from '../protocol';
import type { PoolWorkers } from '../pool/poolWorkers';
import type { Trainer, TrainerSnapshot } from '../trainers/trainer';

/** Loads the image set of a dataset (the MNIST asset in the app; a file in Node). */
export type ImageLoader = (
  source: ImageSource,
  onProgress: (fraction: number | null) => void,
) => Promise<BinaryImageSet>;

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

export class TrainerBuilder {
  /** Workers the user asked for (null: automatic). */
  poolRequest: number | null = null;

  constructor(
    private readonly post: Post,
    private readonly now: () => number,
    private readonly loadImages: ImageLoader | null,
    /** The pool workers (null: no pool here, as in Node and in a pool worker). */
    readonly pool: PoolWorkers | null,
    /** Logical cores of this machine (navigator.hardwareConcurrency). */
    private readonly cores: number,
    private readonly loadSaved: (experiment: ExperimentConfig) => Promise<TrainerSnapshot | null>,
  ) {}

  /** The trainer of `experiment`; `pooled` false: in this worker whatever the pool size (a check build). */
  async build(experiment: ExperimentConfig, pooled = true): Promise<Trainer> {
    const images =
      experiment.dataset === 'toy' || experiment.dataset === 'gauss' ? null : await this.images(experiment.dataset);
    if (!pooled) return localTrainer(experiment, images, this.post);
    const trained = experiment.models.filter((m) => m.kind === 'trained').length;
    const workers = this.pool ? poolSizeFor(this.poolRequest, trained, this.cores) : 1;
    const reportMs = reportIntervalFor(workers, this.cores, REPORT_INTERVAL_MS);
    this.post({
      type: 'pool',
      workers,
      requested: this.poolRequest,
      auto: autoPoolSize(this.cores),
      available: this.pool !== null,
      reportMs,
    });
    let trainer: Trainer;
    if (workers > 1 && this.pool) {
      const deps = {
        pool: this.pool,
        backend: () => tf.getBackend(),
        post: this.post,
        loadSaved: () => this.loadSaved(experiment),
      };
      trainer = await PooledTrainer.create(deps, experiment, images, workers);
    } else {
      this.pool?.clear();
      trainer = localTrainer(experiment, images, this.post);
    }
    trainer.reportIntervalMs = reportMs;
    return trainer;
  }

  private images(source: ImageSource): Promise<BinaryImageSet> {
    if (!this.loadImages) throw new Error('no image data available here');
    return loadWithStatus(this.loadImages, source, this.post, this.now);
  }
}
