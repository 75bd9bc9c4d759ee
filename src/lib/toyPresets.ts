/**
 * The toy problem's presets (Alemi et al. 2018, Appendix E): the Figure 2 comparison, the β and σ
 * sweeps, the dense frontiers and a single model. Pure data built from the user's settings.
 */
import { DEFAULT_OBJECTIVE } from '../math/objective';
import { toyProblem } from '../math/toyData';
import {
  DENSE_SIZE,
  type ExperimentConfig,
  type ExperimentSettings,
  type ModelSpec,
  type PresetName,
} from './experiment';

/** Models in the toy sweeps. */
export const SWEEP_SIZE = 16;

/** The presets of the toy problem (presetDataset gives 'toy'). */
export const TOY_PRESETS = [
  'figure2',
  'beta-sweep',
  'sigma-sweep',
  'dense-beta',
  'dense-sigma',
  'single',
] as const satisfies readonly PresetName[];
export type ToyPresetName = (typeof TOY_PRESETS)[number];

export const isToyPreset = (p: PresetName): p is ToyPresetName => (TOY_PRESETS as readonly string[]).includes(p);

/** Log-spaced values from lo to hi inclusive. */
export function logSpaced(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (n === 1 ? 0 : i / (n - 1)));
}

/**
 * The models of a toy preset for these settings (on top of `base`, the experiment's shared fields),
 * and the id of the primary model.
 */
export function toyPresetExperiment(
  preset: ToyPresetName,
  s: ExperimentSettings,
  base: Omit<ExperimentConfig, 'models'>,
): { config: ExperimentConfig; primaryId: string } {
  const o = s.objective;
  switch (preset) {
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
      const never: never = preset;
      throw new Error(`unknown toy preset ${String(never)}`);
    }
  }
}
