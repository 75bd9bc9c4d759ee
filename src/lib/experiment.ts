/**
 * Experiments: which models are trained together, and the presets that build them.
 * Pure data shared by the UI, the worker and the CLI.
 */
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../math/objective';
import { toyProblem } from '../math/toyData';

export const FAMILIES = ['tabular', 'smooth'] as const;
export type Family = (typeof FAMILIES)[number];

export const PRESETS = ['figure2', 'beta-sweep', 'sigma-sweep', 'single'] as const;
export type PresetName = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<PresetName, string> = {
  figure2: 'ELBO vs target rate (Figure 2)',
  'beta-sweep': 'β sweep (16 models, β 0.1–10)',
  'sigma-sweep': 'σ sweep (16 models, σ in [0, H])',
  single: 'Single model',
};

/** One model of an experiment. `hand` models are fixed (the hand-designed optimum), not trained. */
export interface ModelSpec {
  id: string;
  label: string;
  kind: 'trained' | 'hand';
  objective: ObjectiveSettings;
}

export interface ExperimentConfig {
  family: Family;
  seed: number;
  learningRate: number;
  models: ModelSpec[];
}

/** Everything a user sets; mirrored in the URL. */
export interface ExperimentSettings {
  preset: PresetName;
  family: Family;
  /** Objective of the primary model (the one the controls edit by default). */
  objective: ObjectiveSettings;
  seed: number;
  learningRate: number;
}

export const SWEEP_SIZE = 16;
export const DEFAULT_LEARNING_RATE = 0.01;

export const DEFAULT_SETTINGS: ExperimentSettings = {
  preset: 'figure2',
  family: 'smooth',
  objective: { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 0.5 },
  seed: 1,
  learningRate: DEFAULT_LEARNING_RATE,
};

/** Log-spaced values from lo to hi inclusive. */
export function logSpaced(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (n === 1 ? 0 : i / (n - 1)));
}

const fmt = (v: number): string => (Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** The models of a preset. The primary model's id is returned too (controls edit it first). */
export function buildExperiment(s: ExperimentSettings): { config: ExperimentConfig; primaryId: string } {
  const base = { family: s.family, seed: s.seed, learningRate: s.learningRate };
  const o = s.objective;
  switch (s.preset) {
    case 'figure2': {
      const target: ObjectiveSettings = o.kind === 'target-penalty' || o.kind === 'target-lagrange' ? o : { ...o, kind: 'target-lagrange' };
      return {
        primaryId: 'target',
        config: {
          ...base,
          models: [
            { id: 'hand', label: 'hand optimum', kind: 'hand', objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' } },
            { id: 'elbo', label: 'ELBO', kind: 'trained', objective: { ...o, kind: 'elbo' } },
            { id: 'target', label: 'target rate', kind: 'trained', objective: target },
          ],
        },
      };
    }
    case 'beta-sweep': {
      const models = logSpaced(0.1, 10, SWEEP_SIZE).map((beta, i): ModelSpec => ({
        id: `b${i}`, label: `β = ${fmt(beta)}`, kind: 'trained', objective: { ...o, kind: 'beta', beta },
      }));
      return { primaryId: 'b7', config: { ...base, models } };
    }
    case 'sigma-sweep': {
      const h = toyProblem().entropyNats;
      const kind = o.kind === 'target-penalty' ? 'target-penalty' : 'target-lagrange';
      const models = Array.from({ length: SWEEP_SIZE }, (_, i): ModelSpec => {
        const sigma = (h * i) / (SWEEP_SIZE - 1);
        return { id: `s${i}`, label: `σ = ${fmt(sigma)}`, kind: 'trained', objective: { ...o, kind, targetRateNats: sigma } };
      });
      return { primaryId: 's2', config: { ...base, models } };
    }
    case 'single':
      return { primaryId: 'm0', config: { ...base, models: [{ id: 'm0', label: o.kind, kind: 'trained', objective: o }] } };
    default: {
      const never: never = s.preset;
      throw new Error(`unknown preset ${String(never)}`);
    }
  }
}
