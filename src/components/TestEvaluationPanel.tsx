/**
 * The full test evaluation of the selected image model: every test digit (static binarized MNIST's
 * 10,000; the validation images of a set without a test set), R, D, −ELBO and IWAE-k with k up to
 * 1,000, on a frozen copy of the weights while training goes on. Progress bar and Cancel; the worker
 * owns the job and reports it (runStore.testEvals).
 */
import { memo, useState } from 'react';
import { formatInfo } from '../charts/units';
import { useController, useSession, useSettings } from '../state/react';
import { CommitNumber } from './CommitNumber';

const WHAT: Record<string, string> = {
  'static-mnist': 'all 10,000 test digits',
  mnist: 'the 1,000 validation digits (this small set has no test set)',
  custom: 'your held-out images (they have no separate test set)',
};

/** Memoised: its props are strings and flags, so a report that re-renders its parent leaves it alone. */
export const TestEvaluationPanel = memo(function TestEvaluationPanel({
  modelId,
  label,
}: {
  modelId: string;
  label: string;
}) {
  const c = useController();
  const ev = useSession((s) => s.testEvals[modelId]);
  const dataset = useSession((s) => s.experiment?.dataset ?? 'static-mnist');
  const units = useSettings((s) => s.units);
  const [k, setK] = useState(100);
  const f = (v: number): string => formatInfo(v, units, 4);
  const running = ev !== undefined && ev.fraction !== null && ev.result === null;
  const r = ev?.result;
  return (
    <section className="test-eval" data-testid="test-eval" aria-label={`Full test evaluation of ${label}`}>
      <h3>Full test evaluation</h3>
      <p className="hint">
        {label} on {WHAT[dataset] ?? 'its test images'}: R, D and the IWAE-k bound on −log p(x). Minutes for large k;
        training goes on.
      </p>
      <div className="row">
        <label>
          IWAE k{' '}
          <CommitNumber
            data-testid="test-eval-k"
            value={k}
            min={1}
            max={1000}
            integer
            onCommit={setK}
            style={{ width: '5em' }}
          />
        </label>
        {running ? (
          <>
            <progress
              max={1}
              value={ev.fraction ?? 0}
              data-testid="test-eval-progress"
              aria-label="test evaluation progress"
            />{' '}
            {Math.round((ev.fraction ?? 0) * 100)}%
            <button type="button" data-testid="test-eval-cancel" onClick={() => c.images.cancelTestEvaluation()}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" data-testid="test-eval-run" onClick={() => c.images.testEvaluation(modelId, k)}>
            Evaluate
          </button>
        )}
      </div>
      {ev && ev.fraction === null && (
        <p className="hint" role="status" data-testid="test-eval-stopped">
          Stopped (step {ev.step}, k = {ev.k}).
        </p>
      )}
      {r && ev && (
        <dl data-testid="test-eval-result" aria-label="Test evaluation result">
          <dt>{r.set === 'test' ? 'test' : 'validation'} images · step · k</dt>
          <dd>
            {r.images.toLocaleString('en-US')} · {ev.step} · {r.k}
          </dd>
          <dt>R · D</dt>
          <dd data-testid="test-eval-rd">
            {f(r.rateNats)} · {f(r.distortionNats)}
          </dd>
          <dt>−ELBO (one sample)</dt>
          <dd data-testid="test-eval-elbo">{f(r.negElboNats)}</dd>
          <dt>
            IWAE-{r.k} ≤ {r.k}-sample −ELBO
          </dt>
          <dd data-testid="test-eval-iwae">
            {f(r.iwaeNats)} ≤ {f(r.iwaeNegElboNats)}
          </dd>
          <dt>time</dt>
          <dd>{r.seconds.toFixed(1)} s</dd>
        </dl>
      )}
    </section>
  );
});
