/**
 * The two-Gaussian experiment (Lagrangian family §4.1, its Figure 1): the MI I_q(x; z) and the true negative
 * log-likelihood −E_q[log p(x)] of every model over training, both by quadrature, beside the data
 * density q(x) and the selected model's p(x). The paper's pattern: with β < 1 the MI grows while
 * the NLL gets worse; once the MI stops growing (capacity, or an explicit cap R ≤ C) the NLL
 * recovers.
 */
import { useMemo } from 'react';
import { modelLabel } from '../state/selectors';
import { useController, useSession, useSettings } from '../state/react';
import { modelColour } from '../charts/palette';
import { SeriesPlot } from '../charts/SeriesPlot';
import { TimePlot, type TimeSeries } from '../charts/TimePlot';
import { toUnits } from '../charts/units';
import { mixtureEntropyNats, mixtureLogDensity } from '../math/mixture1d';

export function MixturePanel() {
  const c = useController();
  const order = useSession((s) => s.order);
  const models = useSession((s) => s.models);
  const units = useSettings((s) => s.units);
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const density = useSession((s) => s.densities[selectedId]);
  const h = useMemo(() => mixtureEntropyNats(), []);
  const u = (v: number): number => toUnits(v, units);
  const curves = (pick: 'miNats' | 'nllNats'): TimeSeries[] =>
    order.flatMap((id, i) => {
      const e = models[id];
      if (!e) return [];
      const points = e.series.filter((r) => r[pick] !== undefined).map((r) => [r.step, u(r[pick] as number)] as const);
      return [
        {
          name: modelLabel(e.spec),
          colour: modelColour(id, i, order.length),
          points,
          dashed: e.spec.objective.rateConstraint !== 'off',
        },
      ];
    });
  const label = ((e) => (e ? modelLabel(e.spec) : selectedId))(models[selectedId]);
  return (
    <section className="mixture-panel image-panels" aria-label="Mixture of two Gaussians" data-testid="mixture-panel">
      <h2>
        Mixture of two Gaussians: estimated MI vs true NLL over training{' '}
        <small>(Lagrangian family Figure 1; dashed: with the MI cap)</small>
      </h2>
      <div className="training-curves">
        <TimePlot
          title="I_q(x; z) by quadrature"
          yLabel={`MI (${units})`}
          series={curves('miNats')}
          testId="mixture-mi"
        />
        <TimePlot
          title="true −E log p(x) by quadrature"
          yLabel={`NLL (${units})`}
          series={curves('nllNats')}
          guides={[{ label: `H = ${u(h).toFixed(3)}`, value: u(h), colour: '#555' }]}
          testId="mixture-nll"
        />
        {density && (
          <SeriesPlot
            title={`q(x) and p(x) of ${label}, step ${density.step}`}
            xLabel="x from −3.5 to 3.5"
            testId="mixture-density"
            series={[
              {
                name: 'q(x) data',
                values: Array.from(density.x, (x) => Math.exp(mixtureLogDensity(x))),
                colour: '#222',
                kind: 'line',
              },
              {
                name: 'p(x) = ∫ p(z) d(x|z) dz',
                values: Array.from(density.model),
                colour: '#d62728',
                kind: 'line',
                dashed: true,
              },
            ]}
          />
        )}
      </div>
    </section>
  );
}
