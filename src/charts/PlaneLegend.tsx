/**
 * The legend of the RD plane and the skew axes: every model's marker (shape and colour) with its
 * label, and every line and region the planes draw, with units. Pure function of its props.
 */
import { symbol } from 'd3';
import { SYMBOLS, type MarkerShape } from './markers';

export interface LegendModel {
  id: string;
  label: string;
  colour: string;
  shape: MarkerShape;
}

export interface PlaneLegendProps {
  models: readonly LegendModel[];
  /** exact: the bound D = H − R and its infeasible region; estimate: D = Ĥ − R dashed; none: nothing yet. */
  entropyKind: 'exact' | 'estimate' | 'none';
  /** H or Ĥ, already formatted with its unit. */
  entropyText: string | null;
  sigma: boolean;
  beta: boolean;
  /** Sweeps: the ramp runs from the first model's label to the last's. */
  ramp?: { from: string; to: string } | null;
  /** Some points are held-out measurements (image models): their trails are the training batches'. */
  heldOut?: boolean;
}

const Swatch = ({ children }: { children: React.ReactNode }) => (
  <svg width={26} height={14} aria-hidden="true" className="legend-swatch">
    {children}
  </svg>
);

export function PlaneLegend(p: PlaneLegendProps) {
  return (
    <ul className="plane-legend" data-testid="plane-legend" aria-label="Legend of the planes">
      {p.ramp ? (
        <li>
          <Swatch>
            <defs>
              <linearGradient id="ramp">
                <stop offset="0" stopColor="#440154" />
                <stop offset="0.5" stopColor="#21908d" />
                <stop offset="1" stopColor="#fde725" />
              </linearGradient>
            </defs>
            <rect x={1} y={3} width={24} height={8} fill="url(#ramp)" />
          </Swatch>
          models, colour by order: {p.ramp.from} → {p.ramp.to}
        </li>
      ) : (
        p.models.map((m) => (
          <li key={m.id} data-testid="legend-model" data-model={m.id}>
            <Swatch>
              <path
                transform="translate(13,7)"
                d={symbol(SYMBOLS[m.shape], 70)() ?? ''}
                fill={m.colour}
                stroke="#fff"
              />
            </Swatch>
            {m.label}
          </li>
        ))
      )}
      {p.entropyKind === 'exact' && (
        <>
          <li>
            <Swatch>
              <line x1={1} y1={12} x2={25} y2={2} className="legend-bound" />
            </Swatch>
            bound D = H − R{p.entropyText ? ` (H = ${p.entropyText})` : ''}
          </li>
          <li>
            <Swatch>
              <rect x={1} y={1} width={24} height={12} className="legend-infeasible" />
            </Swatch>
            infeasible: no model lies below the bound
          </li>
        </>
      )}
      {p.entropyKind === 'estimate' && (
        <li>
          <Swatch>
            <line x1={1} y1={12} x2={25} y2={2} className="legend-bound estimate" />
          </Swatch>
          D = Ĥ − R, Ĥ{p.entropyText ? ` = ${p.entropyText}` : ''}
          {': best held-out bound on −log p(x)'}
        </li>
      )}
      <li>
        <Swatch>
          <path d="M1,2 H9 V7 H17 V12 H25" className="legend-frontier" />
        </Swatch>
        Pareto frontier of the models (staircase)
      </li>
      <li>
        <Swatch>
          <line x1={1} y1={4} x2={25} y2={11} className="legend-hull" />
        </Swatch>
        convex hull (lower left)
      </li>
      {p.sigma && (
        <li>
          <Swatch>
            <line x1={13} y1={0} x2={13} y2={14} className="legend-sigma" />
          </Swatch>
          σ: target rate of the selected model (drag it)
        </li>
      )}
      {p.beta && (
        <li>
          <Swatch>
            <line x1={1} y1={2} x2={25} y2={12} className="legend-beta" />
          </Swatch>
          slope −β through the selected model
        </li>
      )}
      <li className="legend-note" data-testid="legend-measured">
        {p.heldOut
          ? 'points: held-out R and D (test images, as the metrics read them); trails: the training batches, ' +
            'which may lie below the bound; units on the axes'
          : "trails: each model's recent path; units on the axes"}
      </li>
    </ul>
  );
}
