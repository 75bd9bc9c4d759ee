/**
 * Export of RD trajectories: CSV (one row per model and step) and JSON with a documented,
 * versioned schema (README "Export formats"). Pure functions; the UI turns them into downloads.
 */
import { modelLabel } from './labels';
import type { ExperimentConfig } from './experiment';
import { HISTORY_COLUMNS, type HistoryRow } from './history';

export const TRAJECTORY_SCHEMA = 'rd-explorer/trajectories';
/** 2: `problem` is the dataset (toy, mnist, custom); entropyNats is H (toy), Ĥ (images) or null. */
export const TRAJECTORY_SCHEMA_VERSION = 2;

export interface TrajectoryExport {
  schema: typeof TRAJECTORY_SCHEMA;
  version: typeof TRAJECTORY_SCHEMA_VERSION;
  exportedAt: string;
  problem: ExperimentConfig['dataset'];
  /** Toy: the exact data entropy H. Images: Ĥ, the best held-out bound so far (null before one). */
  entropyNats: number | null;
  experiment: ExperimentConfig;
  columns: readonly string[];
  /** Rows per model id, columns as in `columns` (information in nats). */
  trajectories: Record<string, HistoryRow[]>;
}

export function trajectoriesJson(
  experiment: ExperimentConfig,
  entropyNats: number | null,
  histories: Record<string, HistoryRow[]>,
  now = new Date(),
): TrajectoryExport {
  return {
    schema: TRAJECTORY_SCHEMA,
    version: TRAJECTORY_SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    problem: experiment.dataset,
    entropyNats,
    experiment,
    columns: HISTORY_COLUMNS,
    trajectories: histories,
  };
}

/** Quote a CSV field when it needs it (RFC 4180). */
const field = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a header line `model,label,step,rate_nats,…`; models in experiment order. */
export function trajectoriesCsv(experiment: ExperimentConfig, histories: Record<string, HistoryRow[]>): string {
  const lines = [['model', 'label', ...HISTORY_COLUMNS].join(',')];
  for (const m of experiment.models) {
    for (const row of histories[m.id] ?? [])
      lines.push([field(m.id), field(modelLabel(m)), ...row.map((v) => field(v))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
