/**
 * Add a copy of the selected image model with its own β or target rate σ (it starts from the model's
 * current weights).
 */
import { memo, useState } from 'react';
import { useController } from '../state/react';

/** Memoised: its props are strings and flags, so a report that re-renders its parent leaves it alone. */
export const CopyModel = memo(function CopyModel({ from, label }: { from: string; label: string }) {
  const c = useController();
  const [kind, setKind] = useState<'beta' | 'target-lagrange'>('beta');
  const [value, setValue] = useState('0.5');
  const v = Number(value);
  const valid = value.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= (kind === 'beta' ? 20 : 200);
  return (
    <form
      className="copy-model"
      aria-label={`Copy ${label} with a new β or σ`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        const id = c.images.duplicateModel(from, kind, v);
        if (id === null) c.settings.getState().addNotice('No more copies can be added (at most 12).');
      }}
    >
      copy <em>{label}</em> with{' '}
      <select
        data-testid="copy-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value === 'beta' ? 'beta' : 'target-lagrange')}
        aria-label="objective of the copy"
      >
        <option value="beta">β =</option>
        <option value="target-lagrange">σ (nats) =</option>
      </select>
      <input
        data-testid="copy-value"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        size={5}
        aria-invalid={!valid}
        aria-label="β or σ of the copy"
      />
      <button data-testid="copy-model" type="submit" disabled={!valid}>
        Add copy
      </button>
    </form>
  );
});
