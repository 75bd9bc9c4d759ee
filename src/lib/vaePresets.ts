/**
 * The presets that train VAEs (model/vae): the papers' MNIST comparisons (β sweep, Figure 4,
 * InfoVAE, VIMAE, optimised multipliers) and the 1-D two-Gaussian mixture, with the papers'
 * settings. Pure data built from the user's settings.
 */
import type { ObjectiveSettings } from '../math/objective';
import type { ExperimentConfig, ExperimentSettings, ModelSpec, PresetName } from './experiment';
import type { ToyPresetName } from './toyPresets';
import type { VaeArchitecture } from './vaeSpec';

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
/**
 * The two-Gaussian preset: its 1-D model (model/vae/mixture1d.ts MIXTURE_ARCH), batch, β < 1 and the MI cap
 * (nats).
 */
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

/** The presets this file builds: every one but the toy problem's. */
export type VaePresetName = Exclude<PresetName, ToyPresetName>;

/**
 * The models of a VAE preset for these settings (on top of `base`, the experiment's shared fields),
 * and the id of the primary model.
 */
export function vaePresetExperiment(
  preset: VaePresetName,
  s: ExperimentSettings,
  base: Omit<ExperimentConfig, 'models'>,
): { config: ExperimentConfig; primaryId: string } {
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
  switch (preset) {
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
    default: {
      const never: never = preset;
      throw new Error(`unknown VAE preset ${String(never)}`);
    }
  }
}
