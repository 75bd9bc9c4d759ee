/** Step, speed, backend and the exact metrics of every model (selected one highlighted). */
import { useController, useSession, useSettings } from '../state/react';
import { dataEntropy, modelLabel } from '../state/selectors';
import { fixed, formatInfo } from '../charts/units';
import { presetDataset } from '../lib/experiment';
import { isCollapsed, isRateUnbounded } from '../lib/metrics';
import { CopyModel } from './CopyModel';
import { ModelTable } from './ModelTable';
import { Term } from './Term';
import { TestEvaluationPanel } from './TestEvaluationPanel';

export function MetricsPanel() {
  const c = useController();
  const step = useSession((s) => s.step);
  const sps = useSession((s) => s.stepsPerSecond);
  const backend = useSession((s) => s.backend?.backend ?? '—');
  const order = useSession((s) => s.order);
  const models = useSession((s) => s.models);
  const firstPoint = useSession((s) => s.firstPointMs);
  const firstTrained = useSession((s) => s.firstTrainedPointMs);
  const latency = useSession((s) => s.objectiveLatencyMs);
  const units = useSettings((s) => s.units);
  const images = useSettings((s) => presetDataset(s.settings.preset) === 'mnist');
  const dataset = useSession((s) => s.experiment?.dataset ?? 'toy');
  const hEstimate = images ? dataEntropy(dataset, models).nats : null;
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const trainedCount = order.filter((id) => models[id]?.spec.kind === 'trained').length;
  const sel = models[selectedId];
  const m = sel?.metrics;
  const f = (v: number | undefined): string => (v === undefined ? '—' : formatInfo(v, units, 4));
  return (
    <section className="metrics" data-testid="metrics-panel" aria-label="Metrics">
      <dl className="summary">
        <dt>step</dt>
        <dd data-testid="metric-step">{step}</dd>
        <dt>steps/s</dt>
        <dd data-testid="metric-sps">{sps.toFixed(0)}</dd>
        <dt>model-steps/s</dt>
        <dd>{(sps * trainedCount).toFixed(0)}</dd>
        <dt>backend</dt>
        <dd>{backend}</dd>
      </dl>
      {m && sel && isCollapsed(m, hEstimate ?? m.entropyNats ?? null) && (
        <p className="alarm" role="alert" data-testid="collapse-alarm">
          Collapse: R = {f(m.rateNats)}
          {' — the code carries almost nothing, while D = '}
          {f(m.distortionNats)}
          {' is still far above the best bound on −log p(x). The decoder ignores z.'}
        </p>
      )}
      {m && sel && isRateUnbounded(m) && (
        <p className="alarm" role="status" data-testid="rate-unbounded">
          R unbounded: the encoder is (near-)deterministic (std ≈ {m.heldOut?.encoderStdGeoMean.toPrecision(2)}
          {"), so the rate grows without limit; its point is drawn at the plane's right edge."}
        </p>
      )}
      {m && sel && (
        <dl className="selected-metrics" aria-label={`Metrics of ${modelLabel(sel.spec)}`}>
          <dt>model</dt>
          <dd>{modelLabel(sel.spec)}</dd>
          <dt>
            <Term name="rate">rate R</Term>
          </dt>
          <dd data-testid="metric-rate">{isRateUnbounded(m) ? `unbounded (batch ${f(m.rateNats)})` : f(m.rateNats)}</dd>
          <dt>
            <Term name="distortion">distortion D</Term>
          </dt>
          <dd data-testid="metric-distortion">{f(m.distortionNats)}</dd>
          <dt>
            <Term name="negElbo">−ELBO = R + D</Term>
          </dt>
          <dd>{f(m.negElboNats)}</dd>
          {m.trueNllNats !== undefined && m.entropyNats !== undefined && (
            <>
              <dt>
                <Term name="entropy">data entropy H (differential)</Term>
              </dt>
              <dd>{f(m.entropyNats)}</dd>
              <dt>I_q(x;z) by quadrature (≤ R)</dt>
              <dd data-testid="metric-mixture-mi">{f(m.miEstimateNats)}</dd>
              <dt>true −E log p(x) (≥ H)</dt>
              <dd data-testid="metric-true-nll">{f(m.trueNllNats)}</dd>
            </>
          )}
          {m.entropyNats !== undefined && m.classInfoNats !== undefined && (
            <>
              <dt>
                <Term name="entropy">data entropy H</Term>
              </dt>
              <dd>{f(m.entropyNats)}</dd>
              <dt>
                <Term name="mutualInfo">H − D ≤ I(x;z) ≤ R</Term>
              </dt>
              <dd>
                {f(m.entropyNats - m.distortionNats)} ≤ {f(m.mutualInfoNats)} ≤ {f(m.rateNats)}
              </dd>
              {m.genMiLowerNats !== undefined && m.genMiUpperNats !== undefined && (
                <>
                  <dt>
                    <Term name="genMi">generative MI: E ≤ I_d ≤ G</Term>
                  </dt>
                  <dd data-testid="metric-gen-mi-toy">
                    {f(m.genMiLowerNats)} ≤ I_d ≤ {f(m.genMiUpperNats)}
                  </dd>
                </>
              )}
              <dt>
                <Term name="classInfo">I(z; z*) class info</Term>
              </dt>
              <dd data-testid="metric-class-info">{f(m.classInfoNats)}</dd>
              <dt>
                <Term name="marginalKl">KL(p* ‖ g)</Term>
              </dt>
              <dd>{f(m.marginalKlNats)}</dd>
            </>
          )}
          {m.heldOut && (
            <>
              <dt>
                held-out (step {m.heldOut.step},{' '}
                {dataset === 'static-mnist'
                  ? '1,000 validation digits'
                  : dataset === 'mnist'
                    ? '1,000 held-out digits'
                    : 'held-out images'}
                )
              </dt>
              <dd>
                R {f(m.heldOut.heldOutRateNats)} · D {f(m.heldOut.heldOutDistortionNats)}
              </dd>
              <dt>held-out −ELBO</dt>
              <dd data-testid="metric-held-out-elbo">{f(m.heldOut.heldOutNegElboNats)}</dd>
              <dt>IWAE-{m.heldOut.iwaeSamples} ≤ −ELBO (same images)</dt>
              <dd data-testid="metric-iwae">
                {f(m.heldOut.iwaeNats)} ≤ {f(m.heldOut.iwaeNegElboNats)}
              </dd>
              <dt>active units</dt>
              <dd data-testid="metric-active-units">{m.heldOut.activeUnits}</dd>
              <dt>I(x;z) estimate (≤ log M)</dt>
              <dd>
                {f(m.heldOut.miEstimateNats)} (≤ {f(m.heldOut.miCeilingNats)})
              </dd>
              <dt>
                <Term name="mmd">MMD²(q(z), p(z))</Term> held-out, {m.heldOut.mmdKernel} C = {m.heldOut.mmdScale}
              </dt>
              <dd data-testid="metric-mmd">{m.heldOut.mmd.toPrecision(3)}</dd>
              {m.heldOut.genMiLowerNats !== undefined && (
                <>
                  <dt>generative MI ≥ E</dt>
                  <dd data-testid="metric-gen-mi">{f(m.heldOut.genMiLowerNats)}</dd>
                </>
              )}
              {m.heldOut.knnAccuracy100 !== undefined && (
                <>
                  <dt>1-NN accuracy on latent means (100 / 1,000 labels)</dt>
                  <dd data-testid="metric-knn">
                    {(100 * m.heldOut.knnAccuracy100).toFixed(1)} % /{' '}
                    {(100 * (m.heldOut.knnAccuracy1000 ?? Number.NaN)).toFixed(1)} %
                  </dd>
                  <dt>1-NN on sampled codes z ~ e(z|x) (1,000 labels)</dt>
                  <dd>{(100 * (m.heldOut.knnSampleAccuracy1000 ?? Number.NaN)).toFixed(1)} %</dd>
                </>
              )}
              <dt>encoder std (geometric mean)</dt>
              <dd>{m.heldOut.encoderStdGeoMean.toPrecision(3)}</dd>
            </>
          )}
          {m.mmd !== undefined && m.mmd !== 0 && (
            <>
              <dt>MMD² (train batch)</dt>
              <dd>{m.mmd.toPrecision(3)}</dd>
            </>
          )}
          {m.multipliers?.some((v) => v !== 0) && (
            <>
              <dt>
                <Term name="multiplier">μ_R · μ_MMD · μ_−ELBO</Term>
              </dt>
              <dd data-testid="metric-multipliers">{m.multipliers.map((v) => fixed(v, 3)).join(' · ')}</dd>
            </>
          )}
          <dt>
            <Term name="betaEffective">β effective</Term>
          </dt>
          <dd>{fixed(m.betaEffective, 3)}</dd>
          <dt>
            <Term name="multiplier">multiplier μ</Term>
          </dt>
          <dd data-testid="metric-multiplier">{fixed(m.multiplier, 3)}</dd>
        </dl>
      )}
      <ModelTable selectedId={selectedId} images={images} />
      {images && sel && <CopyModel from={selectedId} label={modelLabel(sel.spec)} />}
      {images && sel && sel.spec.kind === 'trained' && (
        <TestEvaluationPanel modelId={selectedId} label={modelLabel(sel.spec)} />
      )}
      <p className="timings" data-testid="timings">
        first point {firstPoint === null ? '—' : `${firstPoint.toFixed(0)} ms`} · first trained point{' '}
        {firstTrained === null ? '—' : `${firstTrained.toFixed(0)} ms`} · last objective change → RD update{' '}
        {latency === null ? '—' : `${latency.toFixed(0)} ms`}
      </p>
    </section>
  );
}
