/** The RD plane and the skew axes, fed from the session store, with their legend; σ and β are dragged here. */
import { useMemo, useState } from 'react';
import { PAPER_MINUS_PLUS_V, PAPER_SOURCE } from '../lib/paperPoints';
import { onPlanesOf } from '../lib/runLines';
import { useController, useImported, useSession, useSettings } from '../state/react';
import { modelColour, modelShape } from '../charts/palette';
import { PlaneLegend } from '../charts/PlaneLegend';
import { RdPlane, type PlaneAnnotation, type PlanePoint } from '../charts/RdPlane';
import { formatInfo } from '../charts/units';
import { isRateUnbounded } from '../lib/metrics';
import { dataEntropy, modelLabel, objectiveHandles, selectedModelId } from '../state/selectors';

/** Experiments with at most this many models get labels beside their points. */
const LABELLED_MAX = 6;

/** Imported runs (runner files) are drawn in this grey, as wye markers. */
const IMPORTED_COLOUR = '#555555';

/** annotations: drawn on the planes; skew: false draws the RD plane alone (a lesson chapter with panels beside it). */
export function Views({
  annotations,
  skew = true,
}: {
  annotations?: { rd?: readonly PlaneAnnotation[]; skew?: readonly PlaneAnnotation[] };
  skew?: boolean;
} = {}) {
  const c = useController();
  const order = useSession((s) => s.order);
  const models = useSession((s) => s.models);
  const dataset = useSession((s) => s.experiment?.dataset ?? 'toy');
  const family = useSession((s) => s.experiment?.family ?? 'smooth-encoder');
  const preset = useSettings((s) => s.settings.preset);
  const units = useSettings((s) => s.units);
  const hiddenModels = useSettings((s) => s.hiddenModels);
  const selectedId = selectedModelId(
    useSettings((s) => s.selected),
    c.primaryModelId,
    models,
  );
  const styled = useMemo(
    () =>
      order.map((id, i) => ({ id, colour: modelColour(id, i, order.length), shape: modelShape(id, i, order.length) })),
    [order],
  );
  const points = useMemo(
    () =>
      styled.flatMap(({ id, colour, shape }): PlanePoint[] => {
        const e = models[id];
        if (!e?.metrics || hiddenModels.includes(id)) return [];
        const m = e.metrics;
        // One rate per model: an image model's point is its held-out R and D (what the checks and the metrics
        // panel read) once measured; the training batches' path stays as its trail.
        const h = m.heldOut;
        return [
          {
            id,
            label: modelLabel(e.spec),
            colour,
            shape,
            rateNats: h ? h.heldOutRateNats : m.rateNats,
            distortionNats: h ? h.heldOutDistortionNats : m.distortionNats,
            measured: h ? 'held-out' : 'batch',
            trail: e.trail,
            active: e.active,
            unbounded: isRateUnbounded(m),
            ...(dataset === 'toy' ? { classInfoNats: m.classInfoNats } : {}),
          },
        ];
      }),
    [styled, models, hiddenModels, dataset],
  );
  // Runs imported from runner files of this dataset: read-only points with their trajectories, grey, their own shape.
  const imported = useImported((s) => s.runs);
  const importedPoints = useMemo(
    () =>
      imported
        .filter((r) => onPlanesOf(r, dataset))
        .map((r): PlanePoint => {
          const last = r.points[r.points.length - 1] as (typeof r.points)[number];
          return {
            id: r.id,
            label: r.label,
            colour: IMPORTED_COLOUR,
            shape: 'wye',
            rateNats: last.rateNats,
            distortionNats: last.distortionNats,
            trail: r.points,
            active: true,
          };
        }),
    [imported, dataset],
  );
  // The paper's −+v points (view only), on the image planes when asked for.
  const [paper, setPaper] = useState(false);
  const paperPoints = useMemo(
    () =>
      paper && dataset !== 'toy' && dataset !== 'gauss'
        ? PAPER_MINUS_PLUS_V.map(
            (p): PlanePoint => ({
              id: `paper:${p.beta}`,
              label: `paper, −+v β = ${p.beta}`,
              colour: '#000000',
              shape: 'star',
              rateNats: p.rateNats,
              distortionNats: p.distortionNats,
              trail: [],
              active: true,
            }),
          )
        : [],
    [paper, dataset],
  );
  const allPoints = useMemo(
    () => [...points, ...importedPoints, ...paperPoints],
    [points, importedPoints, paperPoints],
  );
  const entropy = dataEntropy(dataset, models);
  // Before any held-out bound (images), the axes are sized from the points alone and no bound is drawn.
  const H = entropy.nats ?? Math.max(1, ...points.map((p) => p.rateNats + p.distortionNats).filter(Number.isFinite));
  const entropyKind = entropy.nats === null ? 'none' : entropy.kind;
  const sel = models[selectedId];
  const o = sel?.spec.kind === 'trained' ? sel.spec.objective : null;
  const handles = objectiveHandles(o);
  const sigma = handles.sigma && o ? o.targetRateNats : null;
  const beta = o
    ? o.kind === 'beta' || o.kind === 'anneal'
      ? o.beta
      : o.kind === 'elbo'
        ? 1
        : (sel?.metrics?.betaEffective ?? null)
    : null;
  const sigmaMax = Math.max(
    0,
    ...Object.values(models).map((e) => (e.spec.kind === 'trained' ? e.spec.objective.targetRateNats : 0)),
  );
  const labelPoints = order.length <= LABELLED_MAX;
  const common = {
    points: allPoints,
    entropyNats: H,
    entropyKind,
    units,
    selectedId,
    onSelect: (id: string) => {
      if (!id.startsWith('file:') && !id.startsWith('paper:')) c.selection.select(id);
    },
    sigmaNats: sigma,
    labelPoints,
  } as const;
  const ramp =
    order.length > 10
      ? {
          from: modelLabel((models[order[0] as string] as NonNullable<(typeof models)[string]>).spec),
          to: modelLabel((models[order[order.length - 1] as string] as NonNullable<(typeof models)[string]>).spec),
        }
      : null;
  return (
    <div className="views-block">
      <div className="views">
        <figure>
          <figcaption>Rate–distortion plane: distortion D against rate R</figcaption>
          <RdPlane
            mode="rd"
            {...common}
            annotations={annotations?.rd ?? []}
            sigmaMaxNats={sigmaMax}
            onSigmaChange={o ? (v) => c.objectives.set(selectedId, { ...o, targetRateNats: v }, true) : undefined}
            beta={beta}
            betaDraggable={handles.beta}
            onBetaChange={
              o && handles.beta
                ? (b) =>
                    c.objectives.set(selectedId, { ...o, kind: o.kind === 'anneal' ? 'anneal' : 'beta', beta: b }, true)
                : undefined
            }
          />
        </figure>
        {skew && (
          <figure>
            <figcaption>Skew axes: −ELBO against R; models with equal ELBO lie on one horizontal line</figcaption>
            <RdPlane mode="skew" {...common} annotations={annotations?.skew ?? []} />
          </figure>
        )}
      </div>
      <PlaneLegend
        models={[
          ...styled.flatMap(({ id, colour, shape }) => {
            const e = models[id];
            return e ? [{ id, colour, shape, label: modelLabel(e.spec) }] : [];
          }),
          ...importedPoints.map((p) => ({
            id: p.id,
            colour: p.colour,
            shape: 'wye' as const,
            label: `imported ${p.label}`,
          })),
          ...(paperPoints.length > 0
            ? [{ id: 'paper', colour: '#000000', shape: 'star' as const, label: 'paper, −+v (Alemi et al. 2018)' }]
            : []),
        ]}
        entropyKind={entropyKind}
        entropyText={entropy.nats === null ? null : formatInfo(entropy.nats, units)}
        sigma={sigma !== null}
        beta={beta !== null}
        ramp={ramp}
        heldOut={points.some((p) => p.measured === 'held-out')}
      />
      {dataset !== 'toy' && dataset !== 'gauss' && (
        <label className="paper-toggle" title={PAPER_SOURCE}>
          <input
            type="checkbox"
            data-testid="paper-points"
            checked={paper}
            onChange={(e) => setPaper(e.target.checked)}
          />{' '}
          show the paper's points (black ★, “paper, −+v”: {PAPER_SOURCE}
          {'; static MNIST, a larger model and 200 epochs, so not a like-for-like comparison)'}
        </label>
      )}
      {dataset === 'toy' && (
        <p className="family-note" data-testid="family-note">
          {familyNote(family, preset)}
        </p>
      )}
    </div>
  );
}

/** Why this toy family's models sit where they do (the limits a teacher will be asked about). */
function familyNote(family: string, preset: string): string {
  const sweep =
    preset === 'sigma-sweep'
      ? ' Targets above about 2.5 nats leave the bound: the encoder cannot make that much code, and extra rate comes ' +
        'only from a worse-fitting m(z).'
      : '';
  if (family === 'tabular')
    return (
      'Tabular family: free tables for e(z|x), d(x|z) and m(z) can reach every point of the bound, ' +
      `both corners included.${sweep}`
    );
  if (family === 'smooth')
    return (
      'Smooth family (Appendix E): its decoder is one bump in x and cannot model the two-class p*(x) with no code, ' +
      'so it cannot reach the autodecoding corner, and its smooth encoder cannot reach the autoencoding one; ' +
      `its points stay off the bound at both ends.${sweep}`
    );
  return (
    'Smooth encoder, free decoder: the free decoder fits p*(x) with no code (the autodecoding corner is on the ' +
    'bound), and the smooth encoder makes at most about 2.5 nats of code, so the bound is reached from R = 0 ' +
    `up to there.${sweep}`
  );
}
