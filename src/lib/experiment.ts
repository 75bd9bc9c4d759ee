/**
 * Experiments: which models are trained together, and the settings a user makes. Types and
 * constants only (presets.ts builds experiments from settings); shared by the UI, the worker and the CLI.
 */
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../math/objective';
import { DEFAULT_ARCHITECTURE, type VaeArchitecture } from './vaeSpec';

/**
 * Toy model families (model/toyFamilies.ts): free logits, the Appendix E form, and the Appendix E encoder with a free
 * decoder and marginal.
 */
export const FAMILIES = ['tabular', 'smooth', 'smooth-encoder'] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * The data a preset trains on: the paper's 30-bin toy problem, binarised MNIST digits, or the Lagrangian family's
 * 1-D mixture of two Gaussians.
 */
export const DATASETS = ['toy', 'mnist', 'gauss'] as const;
export type Dataset = (typeof DATASETS)[number];

export const PRESETS = [
  'figure2',
  'beta-sweep',
  'sigma-sweep',
  'single',
  'mnist-beta-sweep',
  'mnist-figure4',
  'mnist-same-elbo',
  'mnist-infovae',
  'mnist-vimae',
  'mnist-lagrangian',
  'mnist-single',
  'two-gaussians',
  'dense-beta',
  'dense-sigma',
] as const;
export type PresetName = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<PresetName, string> = {
  figure2: 'ELBO vs target rate (Figure 2)',
  'beta-sweep': 'β sweep (16 models, β 0.1–10)',
  'sigma-sweep': 'σ sweep (16 models, σ in [0, H])',
  single: 'Single model',
  'mnist-beta-sweep': 'β sweep (Figure 3): 5 models, β 0.1–10',
  'mnist-figure4': 'Autodecoder vs autoencoder (Figure 4): PixelCNN β = 1 vs β < 1',
  'mnist-same-elbo': 'Same ELBO, different rate (Figure 4d)',
  'mnist-infovae': 'PixelCNN decoder: ELBO vs InfoVAE (α = 1) vs L_AE (InfoVAE)',
  'mnist-vimae': 'VIMAE Figure 1: 2-D codes of VAE, β_H, β_A, VIMAE-n, VIMAE-l',
  'mnist-lagrangian': 'Lagrangian constraints: R = 5, R = 20, MMD ≤ ε',
  'mnist-single': 'Single model',
  'two-gaussians': 'Mixture of two Gaussians (Lagrangian family §4.1): β < 1 vs β = 1, with and without an MI cap',
  'dense-beta': 'Dense frontier: β sweep (256 models, β 0.05–20; n= up to 1,024)',
  'dense-sigma': 'Dense frontier: σ sweep (256 models, σ in [0, H]; n= up to 1,024)',
};

/**
 * Models of the dense-frontier presets: by default, and the limits of the URL's n. 256 by default:
 * on a laptop's wasm it traces the frontier within seconds, while the largest (DENSE_LIMITS.max)
 * train so slowly there that they barely leave their start in the same time.
 */
export const DENSE_SIZE = 256;
export const DENSE_LIMITS = { min: 2, max: 1024 } as const;

/** Which data a preset trains on. */
export function presetDataset(p: PresetName): Dataset {
  return p.startsWith('mnist') ? 'mnist' : p === 'two-gaussians' ? 'gauss' : 'toy';
}

/**
 * Where image presets take their images from: static binarized MNIST (70,000 digits, the papers'
 * procedure; the default), the small thresholded MNIST (10,000 digits; its id stays 'mnist' so
 * that older links, saved runs and the lesson's checkpoints open unchanged), or the user's own files.
 */
export const IMAGE_SOURCES = ['static-mnist', 'mnist', 'custom'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];

/** What the page calls each image source. */
export const IMAGE_SOURCE_LABELS: Record<ImageSource, string> = {
  'static-mnist': 'MNIST, static binarized (70k)',
  mnist: 'MNIST 10k, thresholded (small)',
  custom: 'your images',
};

/** One model of an experiment. `hand` models are fixed (the hand-designed optimum), not trained. */
export interface ModelSpec {
  id: string;
  /**
   * The preset's name for the model beyond its family and objective ('' for most; "β_H-VAE",
   * "(copy of r2)"). What the page shows is modelLabel(spec) (state/selectors.ts), derived from the
   * objective in force.
   */
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
  /** A copy of the experiment with its own saved run (see ExperimentSettings.copy). */
  copy?: number;
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
  runs: ModelEdits;
  /** Importance samples k of the held-out IWAE bound (images). */
  iwaeSamples: number;
  /** Objectives the user set on models other than the primary one (model id → objective). */
  objectives: Record<string, ObjectiveSettings>;
  /**
   * A copy of the experiment opened beside a tab that owns it ("open a copy"): its own saved run. Absent: the
   * experiment itself.
   */
  copy?: number;
  /** Dense-frontier presets: how many models (absent: DENSE_SIZE). */
  sweepSize?: number;
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
  family: 'smooth-encoder',
  objective: { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 0.5 },
  seed: 1,
  learningRate: DEFAULT_LEARNING_RATE,
  arch: DEFAULT_ARCHITECTURE,
  batchSize: DEFAULT_BATCH_SIZE,
  images: 'static-mnist',
  runs: { extra: [], removed: [] },
  iwaeSamples: 10,
  objectives: {},
};

/**
 * A run the user added to an image preset: a copy of run `from` (its family, and its weights at
 * the moment of copying when the worker has them) with its own β or σ.
 */
export interface ExtraModel {
  id: string;
  from: string;
  kind: 'beta' | 'target-lagrange';
  /** β for kind beta, σ (nats) for kind target-lagrange. */
  value: number;
}

/** Users' edits of an image preset's run list. */
export interface ModelEdits {
  extra: ExtraModel[];
  removed: string[];
}

export const MAX_EXTRA_MODELS = 12;
