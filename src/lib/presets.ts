/**
 * The presets: which models each one trains, with the papers' settings. Pure data built from the
 * user's settings (experiment.ts applies the run edits on top).
 */
import { DEFAULT_OBJECTIVE, type ObjectiveSettings } from '../math/objective';
import { toyProblem } from '../math/toyData';
import type { Dataset, ExperimentConfig, ExperimentSettings, ModelSpec, PresetName } from './experiment';
import { familyLabel, type VaeArchitecture } from './vaeSpec';

/** Which data a preset trains on. */
export function presetDataset(p: PresetName): Dataset {
  return p.startsWith('mnist') ? 'mnist' : p === 'two-gaussians' ? 'gauss' : 'toy';
}

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
export const MIXTURE_ARCH_SPEC: VaeArchitecture = { encoder: '-', decoder: '-', marginal: '-', latentDim: 1, hidden: 128, depth: 2 };
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
  const base = { dataset: ds === 'mnist' ? s.images : ds, family: s.family, seed: s.seed, learningRate: s.learningRate, batchSize: s.batchSize, iwaeSamples: s.iwaeSamples };
  const o = s.objective;
  const run = (id: string, label: string, objective: ObjectiveSettings, arch: VaeArchitecture = s.arch): ModelSpec => ({
    id, label: `${familyLabel(arch)} ${label}`, kind: 'trained', objective, arch,
  });
  const pixel: VaeArchitecture = { ...s.arch, decoder: '+' };
  const simple: VaeArchitecture = { ...s.arch, decoder: '-' };
  switch (s.preset) {
    case 'mnist-beta-sweep': {
      const models = IMAGE_SWEEP_BETAS.map((beta, i) => run(`r${i}`, `β = ${fmt(beta)}`, { ...o, kind: 'beta', beta }));
      return { primaryId: 'r2', config: { ...base, models } };
    }
    case 'mnist-figure4':
      return {
        primaryId: 'pix-low',
        config: {
          ...base,
          models: [
            run('pix-elbo', 'β = 1', { ...o, kind: 'elbo' }, pixel),
            run('pix-low', 'β = 0.3', { ...o, kind: 'beta', beta: 0.3 }, pixel),
            run('mlp-elbo', 'β = 1', { ...o, kind: 'elbo' }, simple),
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
            run('se0', 'β = 1', { ...o, kind: 'elbo' }, pixel),
            run('se1', 'σ = 10', { ...o, kind: 'target-lagrange', targetRateNats: 10 }, pixel),
            run('se2', 'σ = 25', { ...o, kind: 'target-lagrange', targetRateNats: 25 }, pixel),
            run('se3', 'β = 1', { ...o, kind: 'elbo' }, simple),
          ],
        },
      };
    case 'mnist-infovae':
      return {
        primaryId: 'info',
        config: {
          ...base,
          models: [
            run('elbo', 'ELBO', { ...o, kind: 'elbo' }, pixel),
            run('info', 'InfoVAE α = 1', { ...o, kind: 'infovae', alpha: 1, mmdLambda: PRESET_MMD_LAMBDA }, pixel),
            run('lae', 'L_AE', { ...o, kind: 'ae' }, pixel),
            // An independent-pixel L_AE: its Markov-chain samples against its ancestral ones.
            run('lae-mlp', 'L_AE', { ...o, kind: 'ae' }, simple),
          ],
        },
      };
    case 'mnist-vimae': {
      // VIMAE Figure 1: a 2-D code, 3-layer 256-unit MLPs.
      const fig1: VaeArchitecture = { ...s.arch, encoder: '-', decoder: '-', marginal: '-', latentDim: 2, depth: 3, hidden: 256 };
      const lam = PRESET_MMD_LAMBDA;
      return {
        primaryId: 'vim-n',
        config: {
          ...base,
          models: [
            run('vae', 'VAE', { ...o, kind: 'elbo' }, fig1),
            run('beta-h', `β_H-VAE β = ${BETA_H}`, { ...o, kind: 'beta', beta: BETA_H }, fig1),
            run('beta-a', `β_A-VAE β = ${BETA_A}`, { ...o, kind: 'beta', beta: BETA_A }, fig1),
            run('vim-n', `VIMAE-n λ = ${lam}`, { ...o, kind: 'vimae', mmdLambda: lam }, fig1),
            run('vim-l', `VIMAE-l λ = ${lam}`, { ...o, kind: 'vimae', mmdLambda: lam }, { ...fig1, marginal: 'l' }),
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
            run('sig5', 'min D s.t. R = 5', { ...o, kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 5, mmdMax: 0, negElboMaxNats: 0 }, simple),
            run('sig20', 'min D s.t. R = 20', { ...o, kind: 'lagrangian', rateConstraint: 'eq', targetRateNats: 20, mmdMax: 0, negElboMaxNats: 0 }, simple),
            run('mmd', `ELBO s.t. MMD ≤ ${PRESET_MMD_MAX}`, { ...o, kind: 'elbo', rateConstraint: 'off', mmdMax: PRESET_MMD_MAX, negElboMaxNats: 0 }, simple),
          ],
        },
      };
    case 'mnist-single':
      return { primaryId: 'r0', config: { ...base, models: [run('r0', o.kind, o)] } };
    case 'two-gaussians': {
      const g = (id: string, label: string, objective: ObjectiveSettings): ModelSpec => ({ id, label, kind: 'trained', objective, arch: MIXTURE_ARCH_SPEC });
      const beta = (b: number): ObjectiveSettings => ({ ...o, kind: 'beta', beta: b, rateConstraint: 'off', mmdMax: 0, negElboMaxNats: 0 });
      return {
        primaryId: 'low',
        config: {
          ...base,
          batchSize: MIXTURE_BATCH,
          models: [
            g('elbo', 'β = 1 (ELBO)', beta(1)),
            g('low', `β = ${MIXTURE_LOW_BETA}`, beta(MIXTURE_LOW_BETA)),
            g('low-cap', `β = ${MIXTURE_LOW_BETA}, R ≤ ${MIXTURE_MI_CAP}`, { ...beta(MIXTURE_LOW_BETA), rateConstraint: 'le', targetRateNats: MIXTURE_MI_CAP }),
          ],
        },
      };
    }
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
