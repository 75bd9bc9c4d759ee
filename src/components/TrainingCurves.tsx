/**
 * The selected model's curves over training, beside its RD trajectory: R with its constraint
 * bound σ, the Lagrange multipliers of the constraints in force with their clip ranges, and
 * MMD² when the objective uses it (ε drawn); for the 1-D two-Gaussian model, the MI estimate
 * and the true −log-likelihood. Fed from the session store's bounded series.
 */
import { useController, useSession, useSettings } from '../state/react';
import { modelLabel } from '../state/selectors';
import { TimePlot, type TimeGuide, type TimeSeries } from '../charts/TimePlot';
import { multiplierRanges } from '../math/constraints';
import { MMD_KINDS } from '../math/objective';
import { toUnits } from '../charts/units';

const COLOURS = {
  rate: '#1f77b4',
  mmd: '#9467bd',
  elbo: '#d62728',
  legacy: '#2ca02c',
  nll: '#d62728',
  mi: '#1f77b4',
} as const;

export function TrainingCurves() {
  const c = useController();
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const units = useSettings((s) => s.units);
  const entry = useSession((s) => s.models[selectedId]);
  if (!entry || entry.spec.kind !== 'trained' || entry.series.length === 0) return null;
  const o = entry.spec.objective;
  const rows = entry.series;
  const u = (v: number): number => toUnits(v, units);
  const ranges = multiplierRanges(o);
  const multipliers: TimeSeries[] = [];
  const multiplierGuides: TimeGuide[] = [];
  const add = (i: 0 | 1 | 2, name: string, colour: string): void => {
    multipliers.push({ name, colour, points: rows.map((r) => [r.step, r.multipliers[i]] as const) });
    multiplierGuides.push({ label: `${name} clip ${ranges[i][1]}`, value: ranges[i][1], colour });
    if (ranges[i][0] < 0) multiplierGuides.push({ label: `${name} clip ${ranges[i][0]}`, value: ranges[i][0], colour });
  };
  if (o.rateConstraint !== 'off') add(0, 'μ_R', COLOURS.rate);
  if (o.mmdMax > 0) add(1, 'μ_MMD', COLOURS.mmd);
  if (o.negElboMaxNats > 0) add(2, 'μ_−ELBO', COLOURS.elbo);
  if (o.kind === 'target-lagrange')
    multipliers.push({
      name: 'μ (σ)',
      colour: COLOURS.legacy,
      points: rows.map((r) => [r.step, r.multiplier] as const),
    });
  const usesMmd = (MMD_KINDS as readonly string[]).includes(o.kind) || o.mmdMax > 0;
  const hasOneD = rows.some((r) => r.nllNats !== undefined);
  const rateGuides: TimeGuide[] =
    o.rateConstraint !== 'off' || o.kind === 'target-lagrange' || o.kind === 'target-penalty'
      ? [{ label: `σ = ${u(o.targetRateNats).toFixed(2)}`, value: u(o.targetRateNats) }]
      : [];
  return (
    <section
      className="training-curves"
      aria-label={`Curves of ${modelLabel(entry.spec)} over training`}
      data-testid="training-curves"
    >
      <TimePlot
        title={`R of ${modelLabel(entry.spec)}`}
        yLabel={`R (${units})`}
        series={[
          { name: 'R (train batch)', colour: COLOURS.rate, points: rows.map((r) => [r.step, u(r.rateNats)] as const) },
        ]}
        guides={rateGuides}
        testId="curve-rate"
      />
      {multipliers.length > 0 ? (
        <TimePlot
          title="Lagrange multipliers (dual ascent, clipped)"
          yLabel="μ"
          series={multipliers}
          guides={multiplierGuides}
          testId="curve-multipliers"
        />
      ) : (
        <p className="hint">
          No constraint in force: choose one under “MMD and Lagrangian constraints” to see its multiplier here.
        </p>
      )}
      {usesMmd && (
        <TimePlot
          title={`MMD²(q(z), p(z)), ${o.kernel} kernel`}
          yLabel="MMD²"
          series={[
            { name: 'MMD² (train batch)', colour: COLOURS.mmd, points: rows.map((r) => [r.step, r.mmd] as const) },
          ]}
          guides={o.mmdMax > 0 ? [{ label: `ε = ${o.mmdMax}`, value: o.mmdMax }] : []}
          testId="curve-mmd"
        />
      )}
      {hasOneD && (
        <TimePlot
          title="MI estimate and true NLL (Lagrangian family Figure 1)"
          yLabel={units}
          series={[
            {
              name: 'I(x;z) estimate',
              colour: COLOURS.mi,
              points: rows.map((r) => [r.step, u(r.miNats ?? Number.NaN)] as const),
            },
            {
              name: 'true −E log p(x)',
              colour: COLOURS.nll,
              points: rows.map((r) => [r.step, u(r.nllNats ?? Number.NaN)] as const),
            },
          ]}
          testId="curve-mi-nll"
        />
      )}
    </section>
  );
}
