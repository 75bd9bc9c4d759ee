/**
 * Picking a backend from measured warm-ups (pure, shared by the worker and the UI controller).
 */
import type { BackendName } from './backends';

/**
 * What a backend is measured on: the toy population's step with few models ('toy') or many
 * ('toy-many'), or an image (or 1-D) VAE's step. The toy's best backend depends on the population:
 * on a hardware GPU (an NVIDIA H200, WebGPU through Dawn) wasm won for one model, the fused program
 * tied it for small populations and won by more the larger the population.
 */
export type Workload = 'toy' | 'toy-many' | 'vae';

/** Toy experiments with at least this many models are measured as 'toy-many'. */
export const TOY_MANY_MODELS = 48;

/** Models in the warm-up population of each toy workload. */
export const WARM_UP_MODELS = { toy: 16, 'toy-many': 256 } as const;

export const WORKLOAD_LABELS: Record<Workload, string> = {
  toy: 'the toy population step (16 models)',
  'toy-many': 'the toy population step (256 models)',
  vae: 'the image VAE step',
};

/**
 * The workload of an experiment: its dataset (toy, or a VAE on images or 1-D data) and, for the toy, how many models it
 * trains.
 */
export function workloadOf(config: { dataset: string; models: readonly unknown[] }): Workload {
  if (config.dataset !== 'toy') return 'vae';
  return config.models.length >= TOY_MANY_MODELS ? 'toy-many' : 'toy';
}

/** A backend choice as the badge shows it. */
export interface BackendChoice {
  backend: BackendName;
  /** Why this backend: shown in the badge's tooltip. */
  reason: string;
  /** WebGPU adapter description, when one was found. */
  adapter: string | null;
  timings: BackendTiming[];
  /** Training started here while other candidates are still being measured (in a probe worker). */
  provisional: boolean;
  /** Candidates still to measure; empty when the choice is final. */
  probe: BackendName[];
  /** Why a measurement is needed at all, e.g. "only a software WebGPU adapter (…)". */
  situation: string;
  /** What was measured (absent in choices saved before workloads: the toy step). */
  workload?: Workload;
}

/** Measured warm-up of one candidate backend. */
export interface BackendTiming {
  backend: BackendName;
  /** Milliseconds per model-step in the warm-up, or null when it failed or was too slow. */
  msPerModelStep: number | null;
  note: string;
}

/** The fastest usable timing, or null when none is usable. Ties keep the earlier entry. */
export function fastest(timings: readonly BackendTiming[]): (BackendTiming & { msPerModelStep: number }) | null {
  let best: (BackendTiming & { msPerModelStep: number }) | null = null;
  for (const t of timings) {
    if (t.msPerModelStep === null || !Number.isFinite(t.msPerModelStep)) continue;
    if (!best || t.msPerModelStep < best.msPerModelStep) best = t as BackendTiming & { msPerModelStep: number };
  }
  return best;
}

/** "wasm 52 µs/model-step, webgl warm-up over 600 ms" */
export function describeTimings(timings: readonly BackendTiming[]): string {
  return timings
    .map(
      (t) =>
        `${t.backend} ${t.msPerModelStep === null ? t.note : `${(t.msPerModelStep * 1000).toFixed(0)} µs/model-step`}`,
    )
    .join(', ');
}

/** Final choice from a provisional one and the probe worker's measurements. */
export function settleChoice(provisional: BackendChoice, probed: readonly BackendTiming[]): BackendChoice {
  const timings = [...provisional.timings, ...probed];
  const best = fastest(timings);
  return {
    ...provisional,
    backend: best ? best.backend : provisional.backend,
    reason:
      `${provisional.situation}; fastest in a measured warm-up of ` +
      `${WORKLOAD_LABELS[provisional.workload ?? 'toy']} (${describeTimings(timings)})`,
    timings,
    provisional: false,
    probe: [],
  };
}
