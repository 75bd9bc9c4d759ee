/**
 * The one way the live experiment changes while it trains: a change request and the next
 * ExperimentConfig it produces. Pure (no tensors); the session applies the result to its trainer
 * and then records the objectives the trainer actually put in force.
 */
import type { ObjectiveSettings } from '../../math/objective';
import type { ExperimentConfig } from '../../lib/experiment';

export type ConfigChange =
  /** One model's objective (the trainer sanitises it; the config records the sanitised one). */
  | { kind: 'objective'; modelId: string; objective: ObjectiveSettings }
  | { kind: 'learning-rate'; learningRate: number }
  /** Importance samples k of the held-out IWAE bound (image experiments). */
  | { kind: 'iwae'; samples: number }
  /** Image experiments: models added or removed; the models that stay keep the objectives in force. */
  | { kind: 'models'; experiment: ExperimentConfig };

/** The config after `change`. */
export function nextConfig(config: ExperimentConfig, change: ConfigChange): ExperimentConfig {
  switch (change.kind) {
    case 'objective':
      return {
        ...config,
        models: config.models.map((m) => (m.id === change.modelId ? { ...m, objective: change.objective } : m)),
      };
    case 'learning-rate':
      return { ...config, learningRate: change.learningRate };
    case 'iwae':
      return { ...config, iwaeSamples: change.samples };
    case 'models': {
      const models = change.experiment.models.map((m) => config.models.find((x) => x.id === m.id) ?? m);
      return { ...change.experiment, learningRate: config.learningRate, iwaeSamples: config.iwaeSamples, models };
    }
  }
}
