/**
 * The shapes of what the run store keeps per model (spec, metrics, trail, curves over training)
 * and the pure helpers that fold reports into them.
 */
import type { ModelSpec } from '../lib/experiment';
import type { ModelMetrics } from '../lib/metrics';
import type { ImageGrid, TrainingEngine } from '../worker/protocol';

export interface ModelImages {
  step: number;
  recon: ImageGrid;
  samples: ImageGrid;
}

/** Points kept in each model's fading trail. */
export const TRAIL_LENGTH = 60;

export interface TrailPoint {
  rateNats: number;
  distortionNats: number;
}

/** One point of a model's curves over training (multipliers, MMD, and the 1-D model's MI and NLL). */
export interface SeriesRow {
  step: number;
  rateNats: number;
  distortionNats: number;
  /** σ multiplier of target-lagrange, and the constraint multipliers [μ_R, μ_MMD, μ_−ELBO]. */
  multiplier: number;
  multipliers: [number, number, number];
  mmd: number;
  /** 1-D model only: MI estimate and true −log-likelihood, nats. */
  miNats?: number;
  nllNats?: number;
}

/**
 * Points kept per model's curves: past this, every other point is dropped, so older stretches of
 * a curve are sparser than newer ones (recent training keeps its detail).
 */
export const SERIES_MAX = 400;

export interface ModelEntry {
  spec: ModelSpec;
  metrics: ModelMetrics | null;
  active: boolean;
  trail: TrailPoint[];
  series: SeriesRow[];
  /** Image models: the step that trains it, as the worker reported (null before a report, and for the others). */
  engine: TrainingEngine | null;
}

/** Append a row (replacing one of the same step) and thin the series past SERIES_MAX. */
export function appendSeries(series: readonly SeriesRow[], row: SeriesRow): SeriesRow[] {
  const last = series[series.length - 1];
  if (last && last.step === row.step) return [...series.slice(0, -1), row];
  if (last && row.step < last.step) return [row]; // a new run (reset or import) starts over
  const next = [...series, row];
  return next.length > SERIES_MAX ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

export function seriesRow(step: number, m: ModelMetrics): SeriesRow {
  const row: SeriesRow = {
    step,
    rateNats: m.rateNats,
    distortionNats: m.distortionNats,
    multiplier: m.multiplier,
    multipliers: m.multipliers ?? [0, 0, 0],
    mmd: m.mmd ?? 0,
  };
  if (m.miEstimateNats !== undefined) row.miNats = m.miEstimateNats;
  if (m.trueNllNats !== undefined) row.nllNats = m.trueNllNats;
  return row;
}

export interface Fault {
  modelId: string;
  quantity: string;
  step: number;
}

export const sameSpot = (a: TrailPoint, b: TrailPoint): boolean =>
  Math.abs(a.rateNats - b.rateNats) < 1e-4 && Math.abs(a.distortionNats - b.distortionNats) < 1e-4;

/**
 * Ĥ: the best (lowest) held-out −log p(x) bound any image model reached (IWAE, else −ELBO), an
 * upper bound on the data entropy H (the paper's dashed D = Ĥ − R line); null before any.
 */
export function entropyEstimate(models: Record<string, ModelEntry>): number | null {
  let best: number | null = null;
  for (const e of Object.values(models)) {
    const h = e.metrics?.heldOut;
    if (!h) continue;
    const v = Math.min(h.iwaeNats, h.heldOutNegElboNats);
    if (Number.isFinite(v) && (best === null || v < best)) best = v;
  }
  return best;
}

export const freshEntry = (spec: ModelSpec): ModelEntry => ({
  spec,
  metrics: null,
  active: true,
  trail: [],
  series: [],
  engine: null,
});

/** `e` after a report's reading at `step`: its numbers, its trail (one point per new spot) and its series. */
export function withReading(
  e: ModelEntry,
  step: number,
  r: { metrics: ModelMetrics; active: boolean; engine?: TrainingEngine },
): ModelEntry {
  const p = { rateNats: r.metrics.rateNats, distortionNats: r.metrics.distortionNats };
  const last = e.trail[e.trail.length - 1];
  const trail = last && sameSpot(last, p) ? e.trail : [...e.trail, p].slice(-TRAIL_LENGTH);
  return {
    ...e,
    metrics: r.metrics,
    active: r.active,
    engine: r.engine ?? null,
    trail,
    series: appendSeries(e.series, seriesRow(step, r.metrics)),
  };
}
