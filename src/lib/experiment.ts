/**
 * Experiments: which models are trained together, and the presets that build them.
 * Pure data shared by the UI, the worker and the CLI.
 */
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../math/objective';
import { DEFAULT_ARCHITECTURE, type VaeArchitecture } from './vaeSpec';
import { fmt, presetDataset, presetExperiment } from './presets';

export const FAMILIES = ['tabular', 'smooth'] as const;
export type Family = (typeof FAMILIES)[number];

/** The data a preset trains on: the paper's 30-bin toy problem, binarised MNIST digits, or 004's 1-D mixture of two Gaussians. */
export const DATASETS = ['toy', 'mnist', 'gauss'] as const;
export type Dataset = (typeof DATASETS)[number];

export const PRESETS = ['figure2', 'beta-sweep', 'sigma-sweep', 'single', 'mnist-beta-sweep', 'mnist-figure4', 'mnist-same-elbo', 'mnist-infovae', 'mnist-vimae', 'mnist-lagrangian', 'mnist-single', 'two-gaussians'] as const;
export type PresetName = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<PresetName, string> = {
  figure2: 'ELBO vs target rate (Figure 2)',
  'beta-sweep': 'β sweep (16 models, β 0.1–10)',
  'sigma-sweep': 'σ sweep (16 models, σ in [0, H])',
  single: 'Single model',
  'mnist-beta-sweep': 'β sweep (Figure 3): 5 runs, β 0.1–10',
  'mnist-figure4': 'Autodecoder vs autoencoder (Figure 4): PixelCNN β = 1 vs β < 1',
  'mnist-same-elbo': 'Same ELBO, different rate (Figure 4d)',
  'mnist-infovae': 'PixelCNN decoder: ELBO vs InfoVAE (α = 1) vs L_AE (InfoVAE)',
  'mnist-vimae': 'VIMAE Figure 1: 2-D codes of VAE, β_H, β_A, VIMAE-n, VIMAE-l',
  'mnist-lagrangian': 'Lagrangian constraints: R = 5, R = 20, MMD ≤ ε',
  'mnist-single': 'Single run',
  'two-gaussians': 'Mixture of two Gaussians (004 §4.1): β < 1 vs β = 1, with and without an MI cap',
};

/** Where image presets take their images from: the MNIST asset, or the user's own files. */
export const IMAGE_SOURCES = ['mnist', 'custom'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];


/** One model of an experiment. `hand` models are fixed (the hand-designed optimum), not trained. */
export interface ModelSpec {
  id: string;
  label: string;
  kind: 'trained' | 'hand';
  objective: ObjectiveSettings;
  /** Image models only: the VAE's architecture. */
  arch?: VaeArchitecture;
}

export interface ExperimentConfig {
  /** toy, the 1-D mixture, or the image source of an image preset. */
  dataset: 'toy' | 'gauss' | ImageSource;
  family: Family;
  seed: number;
  learningRate: number;
  /** Images per training batch (image data only). */
  batchSize: number;
  /** Importance samples k of the held-out IWAE bound (image data only). */
  iwaeSamples: number;
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
  /** Image presets: the family and sizes of the primary run, and the batch size. */
  arch: VaeArchitecture;
  batchSize: number;
  /** Image presets: MNIST or the user's own images. */
  images: ImageSource;
  /** Image presets: runs the user added (copies with a new β/σ) and removed. */
  runs: RunEdits;
  /** Importance samples k of the held-out IWAE bound (images). */
  iwaeSamples: number;
}

export const IWAE_LIMITS = { min: 1, max: 1000 } as const;

export const DEFAULT_LEARNING_RATE = 0.01;
export const DEFAULT_IMAGE_LEARNING_RATE = 1e-3;
export const DEFAULT_BATCH_SIZE = 64;
export const BATCH_LIMITS = { min: 1, max: 512 } as const;
/** The default learning rate of a dataset (Adam). */
export function defaultLearningRate(d: Dataset): number {
  return d === 'toy' ? DEFAULT_LEARNING_RATE : DEFAULT_IMAGE_LEARNING_RATE;
}

export const DEFAULT_SETTINGS: ExperimentSettings = {
  preset: 'figure2',
  family: 'smooth',
  objective: { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 0.5 },
  seed: 1,
  learningRate: DEFAULT_LEARNING_RATE,
  arch: DEFAULT_ARCHITECTURE,
  batchSize: DEFAULT_BATCH_SIZE,
  images: 'mnist',
  runs: { extra: [], removed: [] },
  iwaeSamples: 10,
};

/**
 * A run the user added to an image preset: a copy of run `from` (its family, and its weights at
 * the moment of copying when the worker has them) with its own β or σ.
 */
export interface ExtraRun {
  id: string;
  from: string;
  kind: 'beta' | 'target-lagrange';
  /** β for kind beta, σ (nats) for kind target-lagrange. */
  value: number;
}

/** Users' edits of an image preset's run list. */
export interface RunEdits {
  extra: ExtraRun[];
  removed: string[];
}

export const MAX_EXTRA_RUNS = 12;

/** The preset's models with the user's edits applied: removed runs dropped, copies appended. */
export function applyRunEdits(config: ExperimentConfig, edits: RunEdits): ExperimentConfig {
  if (config.dataset === 'toy') return config;
  const models: ModelSpec[] = config.models.filter((m) => !edits.removed.includes(m.id));
  for (const e of edits.extra) {
    const src = models.find((m) => m.id === e.from) ?? config.models.find((m) => m.id === e.from);
    if (!src || models.some((m) => m.id === e.id) || edits.removed.includes(e.id)) continue;
    const objective: ObjectiveSettings = e.kind === 'beta' ? { ...src.objective, kind: 'beta', beta: e.value } : { ...src.objective, kind: 'target-lagrange', targetRateNats: e.value };
    const what = e.kind === 'beta' ? `β = ${fmt(e.value)}` : `σ = ${fmt(e.value)}`;
    models.push({ ...src, id: e.id, label: `${src.label.split(' ')[0] ?? ''} ${what} (copy of ${src.id})`, objective });
  }
  return { ...config, models };
}

/** The models of a preset, with the user's run edits. The primary model's id is returned too (controls edit it first). */
export function buildExperiment(s: ExperimentSettings): { config: ExperimentConfig; primaryId: string } {
  const built = presetExperiment(s);
  const config = applyRunEdits(built.config, s.runs);
  const primaryId = config.models.some((m) => m.id === built.primaryId) ? built.primaryId : (config.models[0]?.id ?? built.primaryId);
  return { config, primaryId };
}

export { presetDataset };
export { BETA_A, BETA_H, IMAGE_SWEEP_BETAS, logSpaced, MIXTURE_ARCH_SPEC, MIXTURE_BATCH, MIXTURE_LOW_BETA, MIXTURE_MI_CAP, PRESET_MMD_LAMBDA, PRESET_MMD_MAX, SWEEP_SIZE } from './presets';
