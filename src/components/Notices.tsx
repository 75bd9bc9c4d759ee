/** URL notices, stopped models and worker errors, each dismissible; never a blank page. */
import { useController, useSession, useSettings } from '../state/react';
import { modelLabel } from '../state/selectors';
import { UpdatePrompt } from './UpdatePrompt';

export function Notices() {
  const c = useController();
  const notices = useSettings((s) => s.notices);
  const faults = useSession((s) => s.faults);
  const errors = useSession((s) => s.errors);
  const models = useSession((s) => s.models);
  const labelOf = (id: string): string => {
    const e = models[id];
    return e ? modelLabel(e.spec) : id;
  };
  const ownership = useSession((s) => s.ownership);
  const elsewhere = ownership !== null && !ownership.owned;
  if (notices.length === 0 && faults.length === 0 && errors.length === 0 && !elsewhere) return <UpdatePrompt />;
  return (
    <div className="notices" role="status" aria-live="polite">
      <UpdatePrompt />
      {elsewhere && (
        <p className="notice ownership" data-testid="ownership-notice" data-reason={ownership.reason}>
          {ownership.reason === 'taken'
            ? 'Another tab took over this experiment: this tab saved and stopped training. It shows the run as it was.'
            : 'This experiment is training in another tab: this tab shows its last save and does not train.'}{' '}
          <button type="button" data-testid="take-over" onClick={() => c.saved.takeOver()}>
            Take over
          </button>{' '}
          <button type="button" data-testid="open-copy" onClick={() => c.saved.openCopy()}>
            Open a copy
          </button>
        </p>
      )}
      {notices.map((n, i) => (
        <p key={`n${i}`} className="notice" data-testid="url-notice">
          {n}{' '}
          <button type="button" onClick={() => c.settings.getState().dismissNotice(i)} aria-label="dismiss">
            ×
          </button>
        </p>
      ))}
      {faults.map((f, i) => (
        <p key={`f${i}`} className="notice fault" data-testid="fault-notice">
          Model “{labelOf(f.modelId)}” stopped at step {f.step}: its {f.quantity} became NaN or infinite. Its last
          finite state is kept; the other models go on. Reset to restart it.
        </p>
      ))}
      {errors.map((e, i) => (
        <p key={`e${i}`} className="notice error" data-testid="error-notice">
          {e}{' '}
          <button type="button" onClick={() => c.session.getState().dismissError(i)} aria-label="dismiss">
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
