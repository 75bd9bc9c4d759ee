/**
 * A per-model training history with bounded size: every report is recorded until MAX points,
 * then every other point is dropped (first and last kept) and the recording stride doubles, so
 * an hour-long run keeps an evenly spread trajectory of at most MAX points.
 */

/** One recorded point: [step, rate, distortion, −ELBO, I(z;z*), β_eff, μ]; information in nats. */
export type HistoryRow = [number, number, number, number, number, number, number];

export const HISTORY_COLUMNS = [
  'step',
  'rate_nats',
  'distortion_nats',
  'neg_elbo_nats',
  'class_info_nats',
  'beta_effective',
  'multiplier',
] as const;

export const HISTORY_MAX = 1000;

export interface HistoryState {
  rows: HistoryRow[];
  /** Record one of every `stride` offers. */
  stride: number;
  /** Offers since the last recorded one. */
  skipped: number;
}

export const emptyHistory = (): HistoryState => ({ rows: [], stride: 1, skipped: 0 });

/** Offer a row; returns the (mutated) state. Rows must come in increasing step order. */
export function recordHistory(h: HistoryState, row: HistoryRow, max = HISTORY_MAX): HistoryState {
  const last = h.rows[h.rows.length - 1];
  if (last && last[0] === row[0]) {
    h.rows[h.rows.length - 1] = row; // same step reported again: keep the newest numbers
    return h;
  }
  if (h.rows.length > 0 && h.skipped + 1 < h.stride) {
    h.skipped += 1;
    return h;
  }
  h.skipped = 0;
  h.rows.push(row);
  if (h.rows.length > max) {
    h.rows = h.rows.filter((_, i) => i % 2 === 0 || i === h.rows.length - 1);
    h.stride *= 2;
  }
  return h;
}
