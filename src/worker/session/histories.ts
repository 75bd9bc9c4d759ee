/**
 * The recorded RD/metrics history of every model of an experiment (bounded, see lib/history.ts):
 * filled from reports, saved with the run and restored from it.
 */
import { emptyHistory, recordHistory, type HistoryRow, type HistoryState } from '../../lib/history';
import type { ModelReading } from '../protocol';

export class ModelHistories {
  private states: Record<string, HistoryState> = {};

  /** Start empty histories for these model ids. */
  reset(ids: readonly string[]): void {
    this.states = Object.fromEntries(ids.map((id) => [id, emptyHistory()]));
  }

  /** Keep the histories of these ids (new ids start empty; others are dropped). */
  keep(ids: readonly string[]): void {
    this.states = Object.fromEntries(ids.map((id) => [id, this.states[id] ?? emptyHistory()]));
  }

  /** Take over saved histories for the models this experiment has. */
  restore(saved: Record<string, HistoryState> | undefined): void {
    for (const id of Object.keys(this.states)) {
      const h = saved?.[id];
      if (h) this.states[id] = h;
    }
  }

  /** Offer one report's metrics at `step`. */
  record(step: number, models: readonly ModelReading[]): void {
    for (const m of models) {
      const h = this.states[m.id];
      const x = m.metrics;
      if (h)
        recordHistory(h, [
          step,
          x.rateNats,
          x.distortionNats,
          x.negElboNats,
          x.classInfoNats ?? Number.NaN,
          x.betaEffective,
          x.multiplier,
        ]);
    }
  }

  /** The states as stored with a run. */
  get saved(): Record<string, HistoryState> {
    return this.states;
  }

  /** Every model's rows (copies). */
  rows(): Record<string, HistoryRow[]> {
    return Object.fromEntries(
      Object.entries(this.states).map(([id, h]) => [id, h.rows.map((r) => [...r] as HistoryRow)]),
    );
  }
}
