/**
 * The presets: which models each one trains, with the papers' settings. Pure data built from the
 * user's settings. The toy problem's presets are in toyPresets.ts, the VAE ones in vaePresets.ts;
 * this file picks one and applies the user's model edits and per-model objectives on top.
 */
import type { ObjectiveSettings } from '../math/objective';
import {
  presetDataset,
  type ExperimentConfig,
  type ExperimentSettings,
  type ModelSpec,
  type ModelEdits,
} from './experiment';
import { isToyPreset, toyPresetExperiment } from './toyPresets';
import { vaePresetExperiment } from './vaePresets';

export { presetDataset };

/** A β or σ as a label shows it. */
export const fmt = (v: number): string => (Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** The models of a preset for these settings, and the id of the primary model (the controls edit it first). */
export function presetExperiment(s: ExperimentSettings): { config: ExperimentConfig; primaryId: string } {
  const ds = presetDataset(s.preset);
  const base = {
    dataset: ds === 'mnist' ? s.images : ds,
    family: s.family,
    seed: s.seed,
    learningRate: s.learningRate,
    batchSize: s.batchSize,
    iwaeSamples: s.iwaeSamples,
    ...(s.copy ? { copy: s.copy } : {}),
  };
  return isToyPreset(s.preset) ? toyPresetExperiment(s.preset, s, base) : vaePresetExperiment(s.preset, s, base);
}

/** The preset's models with the user's edits applied: removed runs dropped, copies appended. */
export function applyModelEdits(config: ExperimentConfig, edits: ModelEdits): ExperimentConfig {
  if (config.dataset === 'toy') return config;
  const models: ModelSpec[] = config.models.filter((m) => !edits.removed.includes(m.id));
  for (const e of edits.extra) {
    const src = models.find((m) => m.id === e.from) ?? config.models.find((m) => m.id === e.from);
    if (!src || models.some((m) => m.id === e.id) || edits.removed.includes(e.id)) continue;
    const objective: ObjectiveSettings =
      e.kind === 'beta'
        ? { ...src.objective, kind: 'beta', beta: e.value }
        : { ...src.objective, kind: 'target-lagrange', targetRateNats: e.value };
    models.push({ ...src, id: e.id, label: `(copy of ${src.id})`, objective });
  }
  return { ...config, models };
}

/**
 * The models of a preset, with the user's model edits and the objectives set on other models than
 * the primary one. The primary model's id is returned too (controls edit it first).
 */
export function buildExperiment(s: ExperimentSettings): { config: ExperimentConfig; primaryId: string } {
  const built = presetExperiment(s);
  const edited = applyModelEdits(built.config, s.runs);
  const config = {
    ...edited,
    models: edited.models.map((m) => {
      const o = s.objectives[m.id];
      return o && m.kind === 'trained' && m.id !== built.primaryId ? { ...m, objective: o } : m;
    }),
  };
  const primaryId = config.models.some((m) => m.id === built.primaryId)
    ? built.primaryId
    : (config.models[0]?.id ?? built.primaryId);
  return { config, primaryId };
}
