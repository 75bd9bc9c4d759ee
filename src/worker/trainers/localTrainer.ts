/**
 * The trainer of an experiment in this worker (no pool): toy population, 1-D mixture or image
 * models. A pool worker of a pool builds its part of the experiment with this too, with its place in
 * the whole so that its models start as they would in one worker.
 */
import type { BinaryImageSet } from '../../data/binaryImages';
import type { ExperimentConfig } from '../../lib/experiment';
import type { FromWorker } from '../protocol';
import { ImageTrainer } from './imageTrainer';
import { MixtureTrainer } from './mixtureTrainer';
import { ToyTrainer } from './toyTrainer';
import type { PoolPlace, Trainer } from './trainer';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Build the trainer of `experiment` (image experiments need their image set). */
export function localTrainer(
  experiment: ExperimentConfig,
  images: BinaryImageSet | null,
  post: Post,
  place?: PoolPlace,
): Trainer {
  if (experiment.dataset === 'toy') return new ToyTrainer(experiment, place);
  if (experiment.dataset === 'gauss') return new MixtureTrainer(experiment, post, place);
  if (!images) throw new Error('no image data available here');
  return new ImageTrainer(experiment, images, post, place);
}
