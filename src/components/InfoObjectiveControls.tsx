/**
 * Controls of the information-autoencoding family (image models): InfoVAE's α, the MMD weight λ,
 * the MMD kernel, and the Lagrangian constraints R = σ / R ≤ σ, MMD ≤ ε, −ELBO ≤ e (0 = off),
 * each shown with its multiplier's clip range. Every input clamps to valid values.
 */
import { DIVERGENCES, type Divergence } from '../math/mmd';
import { CONSTRAINT_DUAL } from '../math/constraints';
import {
  MMD_KINDS,
  OBJECTIVE_LIMITS,
  RATE_CONSTRAINTS,
  type ObjectiveSettings,
  type RateConstraint,
} from '../math/objective';
import { formatInfo, fromUnits, toUnits, type Units } from '../charts/units';

const RATE_LABELS: Record<RateConstraint, string> = { off: 'none', eq: 'R = σ', le: 'R ≤ σ' };
const KERNEL_LABELS: Record<Divergence, string> = {
  imq: 'MMD², inverse multiquadric C/(C + ‖a−b‖²)',
  gaussian: 'MMD², Gaussian exp(−‖a−b‖²/C)',
  stein: 'Stein variational gradient (InfoVAE §4.1.2), Gaussian kernel',
};

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export interface InfoObjectiveControlsProps {
  objective: ObjectiveSettings;
  disabled: boolean;
  units: Units;
  latentDim: number;
  set(patch: Partial<ObjectiveSettings>): void;
}

export function InfoObjectiveControls({ objective: o, disabled, units, latentDim, set }: InfoObjectiveControlsProps) {
  const L = OBJECTIVE_LIMITS;
  const num = (v: string, lo: number, hi: number): number | null => {
    const x = Number(v);
    return v.trim() !== '' && Number.isFinite(x) ? clamp(x, lo, hi) : null;
  };
  const usesMmd = (MMD_KINDS as readonly string[]).includes(o.kind) || o.mmdMax > 0;
  return (
    <fieldset className="info-controls" aria-label="MMD and constraints">
      <legend>MMD and Lagrangian constraints</legend>
      <label className={o.kind === 'infovae' ? '' : 'inactive'}>
        α = {o.alpha.toFixed(2)} <small>(rate weight 1 − α)</small>
        <input
          data-testid="alpha-control"
          type="range"
          min={0}
          max={1}
          step={0.01}
          disabled={disabled}
          value={o.alpha}
          onChange={(e) => set({ alpha: clamp(Number(e.target.value), L.alpha.min, L.alpha.max) })}
          aria-label="InfoVAE alpha"
        />
      </label>
      <label className={(MMD_KINDS as readonly string[]).includes(o.kind) ? '' : 'inactive'}>
        λ (MMD weight{o.kind === 'infovae' ? ' α + λ − 1' : ''})
        <input
          data-testid="mmd-lambda-input"
          type="number"
          min={L.mmdLambda.min}
          max={L.mmdLambda.max}
          step={10}
          disabled={disabled}
          value={o.mmdLambda}
          onChange={(e) => {
            const v = num(e.target.value, L.mmdLambda.min, L.mmdLambda.max);
            if (v !== null) set({ mmdLambda: v });
          }}
          aria-label="MMD weight lambda"
        />
      </label>
      <label className={usesMmd ? '' : 'inactive'}>
        divergence, kernel scale C = 2·L = {2 * latentDim}
        <select
          data-testid="kernel-select"
          disabled={disabled}
          value={o.kernel}
          onChange={(e) => set({ kernel: e.target.value as Divergence })}
        >
          {DIVERGENCES.map((k) => (
            <option key={k} value={k}>
              {KERNEL_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        constraint on R (σ = {formatInfo(o.targetRateNats, units, 3)}), μ_R in [
        {o.rateConstraint === 'eq' ? -CONSTRAINT_DUAL.rate.clip : 0}, {CONSTRAINT_DUAL.rate.clip}]
        <select
          data-testid="rate-constraint-select"
          disabled={disabled}
          value={o.rateConstraint}
          onChange={(e) => set({ rateConstraint: e.target.value as RateConstraint })}
        >
          {RATE_CONSTRAINTS.map((k) => (
            <option key={k} value={k}>
              {RATE_LABELS[k]}
            </option>
          ))}
        </select>
        <input
          data-testid="constraint-sigma-input"
          type="number"
          min={0}
          max={toUnits(L.targetRateNats.max, units)}
          step={0.5}
          disabled={disabled}
          value={Number(toUnits(o.targetRateNats, units).toFixed(4))}
          onChange={(e) => {
            const v = num(e.target.value, 0, toUnits(L.targetRateNats.max, units));
            if (v !== null) set({ targetRateNats: fromUnits(v, units) });
          }}
          aria-label={`rate bound sigma in ${units}`}
        />
      </label>
      <label>
        MMD² ≤ ε (0 = off), μ_MMD in [0, {CONSTRAINT_DUAL.mmd.clip}]
        <input
          data-testid="mmd-max-input"
          type="number"
          min={0}
          max={L.mmdMax.max}
          step={0.001}
          disabled={disabled}
          value={o.mmdMax}
          onChange={(e) => {
            const v = num(e.target.value, L.mmdMax.min, L.mmdMax.max);
            if (v !== null) set({ mmdMax: v });
          }}
          aria-label="MMD upper bound epsilon"
        />
      </label>
      <label>
        −ELBO ≤ e nats (0 = off), μ_−ELBO in [0, {CONSTRAINT_DUAL.negElbo.clip}]
        <input
          data-testid="elbo-max-input"
          type="number"
          min={0}
          max={L.negElboMaxNats.max}
          step={1}
          disabled={disabled}
          value={o.negElboMaxNats}
          onChange={(e) => {
            const v = num(e.target.value, L.negElboMaxNats.min, L.negElboMaxNats.max);
            if (v !== null) set({ negElboMaxNats: v });
          }}
          aria-label="negative ELBO upper bound in nats"
        />
      </label>
    </fieldset>
  );
}
