/**
 * Questions the page asks of the reported state, answered in one place: the data entropy of a
 * dataset, which handles an objective has on the plane, the selected model, a model's label, and
 * the settings (URL) that reproduce the experiment the worker reports.
 */
import { buildExperiment } from '../lib/presets';
import type { ExperimentConfig, ExperimentSettings } from '../lib/experiment';
export { modelLabel, objectiveLabel } from '../lib/labels';
import { mixtureEntropyNats } from '../math/mixture1d';
import { objectiveCoefficients, sanitizeObjective, type ObjectiveSettings } from '../math/objective';
import { toyProblem } from '../math/toyData';
import { entropyEstimate, type ModelEntry } from './sessionStore';

/**
 * H of the data, and whether it is exact (toy, 1-D mixture) or Ĥ, the best held-out bound so far (images; null before
 * one).
 */
export function dataEntropy(
  dataset: ExperimentConfig['dataset'],
  models: Record<string, ModelEntry>,
): { nats: number | null; kind: 'exact' | 'estimate' } {
  if (dataset === 'toy') return { nats: toyProblem().entropyNats, kind: 'exact' };
  if (dataset === 'gauss') return { nats: mixtureEntropyNats(), kind: 'exact' };
  return { nats: entropyEstimate(models), kind: 'estimate' };
}

/** Whether the plane shows a σ handle (target rate or rate constraint) and a draggable β line for this objective. */
export function objectiveHandles(o: ObjectiveSettings | null): { sigma: boolean; beta: boolean } {
  if (!o) return { sigma: false, beta: false };
  const sigma = o.kind === 'target-penalty' || o.kind === 'target-lagrange' || o.rateConstraint !== 'off';
  // β is the objective's own knob only for ELBO (β = 1), β-VAE and annealing; elsewhere the line shows β_eff,
  // read-only.
  const beta = !sigma && (o.kind === 'elbo' || o.kind === 'beta' || o.kind === 'anneal');
  return { sigma, beta };
}

/** The model the controls edit: the selected one if it exists, else the primary. */
export function selectedModelId(
  selected: string | null,
  primaryId: string,
  models: Record<string, ModelEntry>,
): string {
  return selected && models[selected] ? selected : primaryId;
}

const sameObjective = (a: ObjectiveSettings, b: ObjectiveSettings): boolean =>
  JSON.stringify(sanitizeObjective(a)) === JSON.stringify(sanitizeObjective(b));

/**
 * The settings that rebuild the experiment the worker reports: the primary model's objective,
 * the objectives of other models where they differ from the preset's, the learning rate and k.
 */
export function settingsFromExperiment(
  s: ExperimentSettings,
  e: ExperimentConfig,
  primaryId: string,
): Partial<ExperimentSettings> {
  const primary = e.models.find((m) => m.id === primaryId);
  const objective = primary && primary.kind === 'trained' ? sanitizeObjective(primary.objective) : s.objective;
  const { config } = buildExperiment({ ...s, objective, objectives: {} });
  const objectives: Record<string, ObjectiveSettings> = {};
  for (const m of e.models) {
    if (m.kind !== 'trained' || m.id === primaryId) continue;
    const base = config.models.find((x) => x.id === m.id);
    if (base && !sameObjective(base.objective, m.objective)) objectives[m.id] = sanitizeObjective(m.objective);
  }
  return { objective, objectives, learningRate: e.learningRate, iwaeSamples: e.iwaeSamples };
}

/**
 * Which terms of the objective in force are on (for the model diagram): D always; R when it has weight or a constraint;
 * MMD likewise.
 */
export function diagramTerms(o: ObjectiveSettings): { distortion: boolean; rate: boolean; mmd: boolean } {
  const k = objectiveCoefficients(o, Number.MAX_SAFE_INTEGER);
  return {
    distortion: true,
    rate: k.betaFixed !== 0 || k.penalty !== 0 || k.useMultiplier === 1 || o.rateConstraint !== 'off',
    mmd: k.mmdWeight !== 0 || o.mmdMax > 0,
  };
}
