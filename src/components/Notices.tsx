/** URL notices, stopped models and worker errors, each dismissible; never a blank page. */
import { useController, useRun, useSettings } from '../state/react';
import { modelLabel } from '../state/selectors';

export function Notices() {
  const c = useController();
  const notices = useSettings((s) => s.notices);
  const faults = useRun((s) => s.faults);
  const errors = useRun((s) => s.errors);
  const models = useRun((s) => s.models);
  const labelOf = (id: string): string => { const e = models[id]; return e ? modelLabel(e.spec) : id; };
  if (notices.length === 0 && faults.length === 0 && errors.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n, i) => (
        <p key={`n${i}`} className="notice" data-testid="url-notice">
          {n} <button onClick={() => c.settings.getState().dismissNotice(i)} aria-label="dismiss">×</button>
        </p>
      ))}
      {faults.map((f, i) => (
        <p key={`f${i}`} className="notice fault" data-testid="fault-notice">
          Model “{labelOf(f.modelId)}” stopped at step {f.step}: its {f.quantity} became NaN or infinite. Its last finite state is kept; the other models go on. Reset to restart it.
        </p>
      ))}
      {errors.map((e, i) => (
        <p key={`e${i}`} className="notice error" data-testid="error-notice">
          {e} <button onClick={() => c.run.getState().dismissError(i)} aria-label="dismiss">×</button>
        </p>
      ))}
    </div>
  );
}
