/** The RD plane and the skew axes, fed from the run store; σ and β are dragged here. */
import { useMemo } from 'react';
import { toyProblem } from '../math/toyData';
import { mixtureEntropyNats } from '../math/mixture1d';
import { useController, useRun, useSettings } from '../app/context';
import { modelColour } from '../charts/palette';
import { RdPlane, type PlanePoint } from '../charts/RdPlane';
import { presetDataset } from '../lib/experiment';
import { entropyEstimate } from '../state/runStore';
import { isRateUnbounded } from '../lib/metrics';

export function Views() {
  const c = useController();
  const order = useRun((s) => s.order);
  const models = useRun((s) => s.models);
  const units = useSettings((s) => s.units);
  const hiddenRuns = useSettings((s) => s.hiddenRuns);
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const preset = useSettings((s) => s.settings.preset);
  const toy = presetDataset(preset) === 'toy';
  const gauss = presetDataset(preset) === 'gauss';
  const hEstimate = useMemo(() => (toy || gauss ? null : entropyEstimate(models)), [toy, gauss, models]);
  const points = useMemo(
    () =>
      order.flatMap((id, i): PlanePoint[] => {
        const e = models[id];
        if (!e?.metrics || hiddenRuns.includes(id)) return [];
        return [{ id, label: e.spec.label, colour: modelColour(id, i, order.length), rateNats: e.metrics.rateNats, distortionNats: e.metrics.distortionNats, trail: e.trail, active: e.active, unbounded: isRateUnbounded(e.metrics) }];
      }),
    [order, models, hiddenRuns],
  );
  // Images: H is unknown; the best held-out bound Ĥ stands in (or, before one, the largest −ELBO, to size the axes).
  // The 1-D mixture's H is its differential entropy (exact, by quadrature).
  const H = toy ? toyProblem().entropyNats : gauss ? mixtureEntropyNats() : hEstimate ?? Math.max(1, ...points.map((p) => p.rateNats + p.distortionNats).filter(Number.isFinite));
  const entropyKind = toy || gauss ? 'exact' : hEstimate === null ? 'none' : 'estimate';
  const sel = models[selectedId];
  const o = sel?.spec.kind === 'trained' ? sel.spec.objective : null;
  const sigma = o && (o.kind === 'target-penalty' || o.kind === 'target-lagrange' || o.rateConstraint !== 'off') ? o.targetRateNats : null;
  const beta = o ? (o.kind === 'beta' || o.kind === 'anneal' ? o.beta : sel?.metrics?.betaEffective ?? null) : null;
  return (
    <div className="views">
      <figure>
        <figcaption>Rate–distortion plane</figcaption>
        <RdPlane
          mode="rd"
          points={points}
          entropyNats={H}
          entropyKind={entropyKind}
          units={units}
          selectedId={selectedId}
          onSelect={(id) => c.select(id)}
          sigmaNats={sigma}
          onSigmaChange={o ? (v) => c.setObjective(selectedId, { ...o, targetRateNats: v }) : undefined}
          beta={beta}
          onBetaChange={o ? (b) => c.setObjective(selectedId, { ...o, kind: o.kind === 'anneal' ? 'anneal' : 'beta', beta: b }) : undefined}
        />
      </figure>
      <figure>
        <figcaption>Skew axes: models with equal ELBO lie on one horizontal line</figcaption>
        <RdPlane mode="skew" points={points} entropyNats={H} entropyKind={entropyKind} units={units} selectedId={selectedId} onSelect={(id) => c.select(id)} sigmaNats={sigma} />
      </figure>
    </div>
  );
}
