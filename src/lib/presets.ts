/**
 * The presets: which models each one trains, with the papers' settings. Pure data built from the
 * user's settings (experiment.ts applies the run edits on top).
 */
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../math/objective';
import { toyProblem } from '../math/toyData';
import {
  DENSE_SIZE,
  presetDataset,
  type ExperimentConfig,
  type ExperimentSettings,
  type ModelSpec,
  type RunEdits,
} from './experiment';
import type { VaeArchitecture } from './vaeSpec';

export { presetDataset };

/** Models in the toy sweeps. */
export const SWEEP_SIZE = 16;

/** β of VIMAE's comparison models (its §5: β_H = 10, β_A = 0.2 for MNIST). */
export const BETA_H = 10;
export const BETA_A = 0.2;
/**
 * MMD weight λ of the information-autoencoding presets. InfoVAE's 1,000 froze the encoder at the
 * prior here (R = 0 with a PixelCNN and even with an MLP decoder: the noisy batch-MMD gradient
 * swamps the encoder's share of D's under Adam); 100 encodes and still matches q(z) to p(z)
 * (bench-results/infovae-acceptance.json).
 */
export const PRESET_MMD_LAMBDA = 100;
/** ε of the MMD ≤ ε constraint of the Lagrangian preset. */
export const PRESET_MMD_MAX = 0.002;
/** The two-Gaussian preset: its 1-D model (model/vae/mixture1d.ts MIXTURE_ARCH), batch, β < 1 and the MI cap (nats). */
export const MIXTURE_ARCH_SPEC: VaeArchitecture = {
  encoder: '-',
  decoder: '-',
  marginal: '-',
  latentDim: 1,
  hidden: 128,
  depth: 2,
};
export const MIXTURE_BATCH = 128;
export const MIXTURE_LOW_BETA = 0.5;
export const MIXTURE_MI_CAP = 2;
/** Runs in the image β sweep. */
export const IMAGE_SWEEP_BETAS = [0.1, 0.3, 1, 3, 10] as const;

/** Log-spaced values from lo to hi inclusive. */
export function logSpaced(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (n === 1 ? 0 : i / (n - 1)));
}

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
  const o = s.objective;
  // label: the preset's name for a model beyond its family and objective (modelLabel adds those), often none.
  const model = (id: string, objective: ObjectiveSettings, arch: VaeArchitecture = s.arch, label = ''): ModelSpec => ({
    id,
    label,
    kind: 'trained',
    objective,
    arch,
  });
  const pixel: VaeArchitecture = { ...s.arch, decoder: '+' };
  const simple: VaeArchitecture = { ...s.arch, decoder: '-' };
  switch (s.preset) {
    case 'mnist-beta-sweep': {
      const models = IMAGE_SWEEP_BETAS.map((beta, i) => model(`r${i}`, { ...o, kind: 'beta', beta }));
      return { primaryId: 'r2', config: { ...base, models } };
    }
    case 'mnist-figure4':
      return {
        primaryId: 'pix-low',
        config: {
          ...base,
          models: [
            model('pix-elbo', { ...o, kind: 'elbo' }, pixel),
            model('pix-low', { ...o, kind: 'beta', beta: 0.3 }, pixel),
            model('mlp-elbo', { ...o, kind: 'elbo' }, simple),
          ],
        },
      };
    case 'mnist-same-elbo':
      // Candidates that end near one −ELBO with different rates; the skew view shows how close.
      return {
        primaryId: 'se1',
        config: {
          ...base,
          models: [
            model('se0', { ...o, kind: 'elbo' }, pixel),
            model('se1', { ...o, kind: 'target-lagrange', targetRateNats: 10 }, pixel),
            model('se2', { ...o, kind: 'target-lagrange', targetRateNats: 25 }, pixel),
            model('se3', { ...o, kind: 'elbo' }, simple),
          ],
        },
      };
    case 'mnist-infovae':
      return {
        primaryId: 'info',
        config: {
          ...base,
          models: [
            model('elbo', { ...o, kind: 'elbo' }, pixel),
            model('info', { ...o, kind: 'infovae', alpha: 1, mmdLambda: PRESET_MMD_LAMBDA }, pixel),
            model('lae', { ...o, kind: 'ae' }, pixel),
            // An independent-pixel L_AE: its Markov-chain samples against its ancestral ones.
            model('lae-mlp', { ...o, kind: 'ae' }, simple),
          ],
        },
      };
    case 'mnist-vimae': {
      // VIMAE Figure 1: a 2-D code, 3-layer 256-unit MLPs.
      const fig1: VaeArchitecture = {
        ...s.arch,
        encoder: '-',
        decoder: '-',
        marginal: '-',
        latentDim: 2,
        depth: 3,
        hidden: 256,
      };
      const lam = PRESET_MMD_LAMBDA;
      return {
        primaryId: 'vim-n',
        config: {
          ...base,
          models: [
            model('vae', { ...o, kind: 'elbo' }, fig1),
            model('beta-h', { ...o, kind: 'beta', beta: BETA_H }, fig1, 'β_H-VAE'),
            model('beta-a', { ...o, kind: 'beta', beta: BETA_A }, fig1, 'β_A-VAE'),
            model('vim-n', { ...o, kind: 'vimae', mmdLambda: lam }, fig1),
            model('vim-l', { ...o, kind: 'vimae', mmdLambda: lam }, { ...fig1, marginal: 'l' }),
          ],
        },
      };
    }
    case 'mnist-lagrangian':
      return {
        primaryId: 'sig5',
        config: {
          ...base,
          models: [
            model(
              'sig5',
              { ...o, kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 5, mmdMax: 0, negElboMaxNats: 0 },
              simple,
            ),
            model(
              'sig20',
              { ...o, kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 20, mmdMax: 0, negElboMaxNats: 0 },
              simple,
            ),
            model(
              'mmd',
              { ...o, kind: 'elbo', rateConstraint: 'off', mmdMax: PRESET_MMD_MAX, negElboMaxNats: 0 },
              simple,
            ),
          ],
        },
      };
    case 'mnist-single':
      return { primaryId: 'r0', config: { ...base, models: [model('r0', o)] } };
    case 'two-gaussians': {
      const g = (id: string, objective: ObjectiveSettings): ModelSpec => ({
        id,
        label: '',
        kind: 'trained',
        objective,
        arch: MIXTURE_ARCH_SPEC,
      });
      const beta = (b: number): ObjectiveSettings => ({
        ...o,
        kind: 'beta',
        beta: b,
        rateConstraint: 'off',
        mmdMax: 0,
        negElboMaxNats: 0,
      });
      return {
        primaryId: 'low',
        config: {
          ...base,
          batchSize: MIXTURE_BATCH,
          models: [
            g('elbo', beta(1)),
            g('low', beta(MIXTURE_LOW_BETA)),
            g('low-cap', { ...beta(MIXTURE_LOW_BETA), rateConstraint: 'le', targetRateNats: MIXTURE_MI_CAP }),
          ],
        },
      };
    }
    case 'figure2': {
      return {
        primaryId: 'target',
        config: {
          ...base,
          models: [
            { id: 'hand', label: 'hand optimum', kind: 'hand', objective: { ...DEFAULT_OBJECTIVE, kind: 'elbo' } },
            { id: 'elbo', label: '', kind: 'trained', objective: { ...o, kind: 'elbo' } },
            { id: 'target', label: '', kind: 'trained', objective: o },
          ],
        },
      };
    }
    case 'beta-sweep': {
      const models = logSpaced(0.1, 10, SWEEP_SIZE).map(
        (beta, i): ModelSpec => ({
          id: `b${i}`,
          label: '',
          kind: 'trained',
          objective: { ...o, kind: 'beta', beta },
        }),
      );
      return { primaryId: 'b7', config: { ...base, models } };
    }
    case 'sigma-sweep': {
      const h = toyProblem().entropyNats;
      const kind = o.kind === 'target-penalty' ? 'target-penalty' : 'target-lagrange';
      const models = Array.from({ length: SWEEP_SIZE }, (_, i): ModelSpec => {
        const sigma = (h * i) / (SWEEP_SIZE - 1);
        return { id: `s${i}`, label: '', kind: 'trained', objective: { ...o, kind, targetRateNats: sigma } };
      });
      return { primaryId: 's2', config: { ...base, models } };
    }
    case 'dense-beta': {
      // A fine log grid: the points trace the frontier D(R) of the family (Lagrange: each β touches it where its slope
      // is −β).
      const models = logSpaced(0.05, 20, s.sweepSize ?? DENSE_SIZE).map(
        (beta, i): ModelSpec => ({ id: `d${i}`, label: '', kind: 'trained', objective: { ...o, kind: 'beta', beta } }),
      );
      return { primaryId: `d${Math.floor(models.length / 2)}`, config: { ...base, models } };
    }
    case 'dense-sigma': {
      const h = toyProblem().entropyNats;
      const n = s.sweepSize ?? DENSE_SIZE;
      const kind = o.kind === 'target-penalty' ? 'target-penalty' : 'target-lagrange';
      const models = Array.from(
        { length: n },
        (_, i): ModelSpec => ({
          id: `d${i}`,
          label: '',
          kind: 'trained',
          objective: { ...o, kind, targetRateNats: (h * i) / Math.max(1, n - 1) },
        }),
      );
      return { primaryId: `d${Math.floor(n / 2)}`, config: { ...base, models } };
    }
    case 'single':
      return { primaryId: 'm0', config: { ...base, models: [{ id: 'm0', label: '', kind: 'trained', objective: o }] } };
    default: {
      const never: never = s.preset;
      throw new Error(`unknown preset ${String(never)}`);
    }
  }
}

/** The preset's models with the user's edits applied: removed runs dropped, copies appended. */
export function applyRunEdits(config: ExperimentConfig, edits: RunEdits): ExperimentConfig {
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
 * The models of a preset, with the user's run edits and the objectives set on other models than
 * the primary one. The primary model's id is returned too (controls edit it first).
 */
export function buildExperiment(s: ExperimentSettings): { config: ExperimentConfig; primaryId: string } {
  const built = presetExperiment(s);
  const edited = applyRunEdits(built.config, s.runs);
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
