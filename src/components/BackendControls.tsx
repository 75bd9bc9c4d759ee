/**
 * Where training runs: the backend badge (the choice and why, and how many image models the lean wasm step
 * trains, as the worker reports) with its override, and how many training workers share the experiment.
 */
import { BACKENDS, type BackendRequest } from '../lib/backends';
import { REPORT_INTERVAL_MS } from '../lib/pool';
import { useSession, useSettings } from '../state/react';

/** The backend in use (or "measuring…"), why it was chosen, and the override select. */
export function BackendBadge({
  request,
  onChange,
  hideOverride,
}: {
  request: BackendRequest;
  onChange(b: BackendRequest): void;
  hideOverride: boolean;
}) {
  const choice = useSession((s) => s.backend);
  const phase = useSession((s) => s.phase);
  // Primitive selections (a new array per call would re-render without end).
  const imageModels = useSession((s) => s.order.filter((id) => s.models[id]?.engine).length);
  const lean = useSession((s) => s.order.filter((id) => s.models[id]?.engine?.kind === 'lean').length);
  const why = useSession((s) => [...new Set(s.order.flatMap((id) => s.models[id]?.engine?.note ?? []))].join('; '));
  const engineLabel = imageModels > 0 && lean > 0 ? ` · lean step ${lean}/${imageModels}` : '';
  const engineTitle =
    imageModels > 0
      ? `. Lean wasm step: ${lean} of ${imageModels} image models` +
        (why ? `; the others train on the tensor path (${why})` : '')
      : '';
  const pool = useSession((s) => s.pool);
  const workers = pool && pool.workers > 1 ? ` · ${pool.workers} workers` : '';
  const slower = pool && pool.reportMs > REPORT_INTERVAL_MS ? ` · charts every ${pool.reportMs} ms` : '';
  const label = choice
    ? `${choice.backend}${engineLabel}${workers}${slower}`
    : phase === 'choosing-backend'
      ? 'measuring…'
      : 'starting…';
  return (
    <span className="backend">
      <span
        data-testid="backend-badge"
        className={`badge ${choice?.backend ?? 'pending'}`}
        title={(choice?.reason ?? 'choosing a backend') + engineTitle}
        data-lean-models={lean}
        data-image-models={imageModels}
      >
        backend: {label}
      </span>
      {!hideOverride && (
        <select
          aria-label="Backend override"
          data-testid="backend-select"
          value={request}
          onChange={(e) => onChange(e.target.value as BackendRequest)}
        >
          <option value="auto">auto</option>
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      )}
      {choice && <span className="backend-reason">{choice.reason}</span>}
    </span>
  );
}

/**
 * How many training workers (a pool: one tfjs per worker, so several cores train at once). The worker reports how many
 * train.
 */
export function PoolSelect({ onChange }: { onChange(size: number | null): void }) {
  const requested = useSettings((s) => s.pool);
  const pool = useSession((s) => s.pool);
  if (pool && !pool.available) return null;
  const most = Math.max(4, (pool?.auto ?? 1) + 1);
  const sizes = Array.from({ length: most }, (_, k) => k + 1);
  const busy =
    pool && pool.reportMs > REPORT_INTERVAL_MS
      ? `. They take every core, so the charts update every ${pool.reportMs} ms instead of ${REPORT_INTERVAL_MS} ms ` +
        '(drawing leaves training more time)'
      : '';
  const title = pool
    ? `Training workers: ${pool.workers} train this experiment ` +
      `(at most one per model; automatic: ${pool.auto}, every core but one)${busy}`
    : 'Training workers';
  return (
    <label title={title}>
      Workers
      <select
        data-testid="pool-select"
        value={requested === null ? 'auto' : String(requested)}
        onChange={(e) => onChange(e.target.value === 'auto' ? null : Number(e.target.value))}
      >
        <option value="auto">auto ({pool?.auto ?? '…'})</option>
        {sizes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
