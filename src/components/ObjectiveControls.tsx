/**
 * Controls of the selected model's objective: kind, β, σ, λ, annealing steps, and the learning
 * rate; the objective in force is written out as a formula. Every control clamps to valid values.
 */
import {
  OBJECTIVE_KINDS,
  OBJECTIVE_LIMITS,
  objectiveFormula,
  TOY_OBJECTIVE_KINDS,
  type ObjectiveKind,
  type ObjectiveSettings,
} from '../math/objective';
import { modelLabel } from '../state/selectors';
import { presetDataset } from '../lib/experiment';
import { InfoObjectiveControls } from './InfoObjectiveControls';
import { useController, useHidden, useSession, useSettings } from '../state/react';
import { formatInfo, fromUnits, toUnits } from '../charts/units';
import { CommitNumber } from './CommitNumber';
import { ModelDiagram } from '../charts/ModelDiagram';
import { diagramTerms } from '../state/selectors';

const KIND_LABELS: Record<ObjectiveKind, string> = {
  elbo: 'ELBO (β = 1)',
  beta: 'β-VAE: D + βR',
  anneal: 'KL annealing: β ramped from 0',
  'target-penalty': 'target rate, penalty: D + λ|σ − R|',
  'target-lagrange': 'target rate, Lagrange multiplier',
  infovae: 'InfoVAE / MMD-VAE: D + (1−α)R + (α+λ−1)MMD',
  vimae: 'VIMAE: D + λ·MMD',
  ae: 'L_AE: D only (plain autoencoder)',
  lagrangian: 'Lagrangian: min D s.t. constraints',
};

/** β slider position ∈ [0, 1000] ↔ β: 0 at the left end, then log-spaced 0.01 … 20. */
export const betaFromSlider = (t: number): number => (t <= 0 ? 0 : 0.01 * 2000 ** (t / 1000));
export const sliderFromBeta = (b: number): number =>
  b <= 0.01 ? (b <= 0 ? 0 : 1) : Math.round((1000 * Math.log(b / 0.01)) / Math.log(2000));

const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1];
const SIGMA_SLIDER_MAX_NATS = 4;
/** Image models' rates run to tens of nats. */
const IMAGE_SIGMA_SLIDER_MAX_NATS = 60;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function ObjectiveControls() {
  const c = useController();
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const units = useSettings((s) => s.units);
  const lr = useSettings((s) => s.settings.learningRate);
  const toy = useSettings((s) => presetDataset(s.settings.preset) === 'toy');
  // The spec only: it keeps its identity across reports (runStore), so the controls do not re-render on every report.
  const spec = useSession((s) => (s.models[selectedId] ?? s.models[c.primaryModelId])?.spec);
  const hide = {
    objective: useHidden('objective'),
    beta: useHidden('beta'),
    sigma: useHidden('sigma'),
    lambda: useHidden('lambda'),
    anneal: useHidden('anneal'),
    lr: useHidden('lr'),
  };
  if (!spec) return null;
  const o = spec.objective;
  const trained = spec.kind === 'trained';
  const set = (patch: Partial<ObjectiveSettings>, live = false): void =>
    c.objectives.set(spec.id, { ...o, ...patch }, live);
  const L = OBJECTIVE_LIMITS;
  const usesBeta = o.kind === 'beta' || o.kind === 'anneal';
  const usesSigma = o.kind === 'target-penalty' || o.kind === 'target-lagrange';
  return (
    <section className="controls" aria-label="Objective of the selected model">
      <h2>
        Objective of <span className="model-name">{modelLabel(spec)}</span>
      </h2>
      {!trained && (
        <p className="hint">The hand-designed optimum is fixed. Select a trained model to edit its objective.</p>
      )}
      {!hide.objective && (
        <label>
          Objective
          <select
            data-testid="objective-select"
            disabled={!trained}
            value={o.kind}
            onChange={(e) => set({ kind: e.target.value as ObjectiveKind })}
          >
            {(toy ? TOY_OBJECTIVE_KINDS : OBJECTIVE_KINDS).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      )}
      {!hide.beta && (
        <label className={usesBeta ? '' : 'inactive'}>
          β = {o.beta.toFixed(3)}
          <input
            data-testid="beta-control"
            type="range"
            min={0}
            max={1000}
            step={1}
            disabled={!trained}
            value={sliderFromBeta(o.beta)}
            onChange={(e) => set({ beta: betaFromSlider(Number(e.target.value)) }, true)}
            aria-label="beta (log scale)"
          />
          <CommitNumber
            data-testid="beta-input"
            min={L.beta.min}
            max={L.beta.max}
            step={0.01}
            disabled={!trained}
            value={Number(o.beta.toFixed(4))}
            onCommit={(v) => set({ beta: v, kind: usesBeta ? o.kind : 'beta' })}
            aria-label="beta value"
          />
        </label>
      )}
      {!hide.sigma && (
        <label className={usesSigma ? '' : 'inactive'}>
          σ = {formatInfo(o.targetRateNats, units, 3)}
          <input
            data-testid="target-rate-control"
            type="range"
            min={0}
            max={toUnits(toy ? SIGMA_SLIDER_MAX_NATS : IMAGE_SIGMA_SLIDER_MAX_NATS, units)}
            step={0.01}
            disabled={!trained}
            value={toUnits(o.targetRateNats, units)}
            onChange={(e) =>
              set({ targetRateNats: clamp(fromUnits(Number(e.target.value), units), 0, L.targetRateNats.max) }, true)
            }
            aria-label={`target rate in ${units}`}
          />
          <CommitNumber
            data-testid="target-rate-input"
            min={0}
            max={toUnits(L.targetRateNats.max, units)}
            step={0.01}
            disabled={!trained}
            value={Number(toUnits(o.targetRateNats, units).toFixed(4))}
            onCommit={(v) => set({ targetRateNats: fromUnits(v, units), kind: usesSigma ? o.kind : 'target-lagrange' })}
            aria-label={`target rate value in ${units}`}
          />
        </label>
      )}
      {!hide.lambda && (
        <label className={o.kind === 'target-penalty' ? '' : 'inactive'}>
          λ = {o.penalty.toFixed(2)}
          <input
            data-testid="penalty-control"
            type="range"
            min={0}
            max={5}
            step={0.05}
            disabled={!trained}
            value={o.penalty}
            onChange={(e) => set({ penalty: clamp(Number(e.target.value), L.penalty.min, L.penalty.max) })}
            aria-label="penalty weight lambda"
          />
        </label>
      )}
      {!hide.anneal && (
        <label className={o.kind === 'anneal' ? '' : 'inactive'}>
          annealing steps
          <CommitNumber
            data-testid="anneal-input"
            integer
            min={L.annealSteps.min}
            max={L.annealSteps.max}
            step={100}
            disabled={!trained}
            value={o.annealSteps}
            onCommit={(v) => set({ annealSteps: v })}
          />
        </label>
      )}
      {!toy && !hide.objective && (
        <InfoObjectiveControls
          objective={o}
          disabled={!trained}
          units={units}
          latentDim={spec.arch?.latentDim ?? 2}
          set={set}
        />
      )}
      {!hide.lr && (
        <label>
          learning rate (Adam)
          <select data-testid="lr-select" value={lr} onChange={(e) => c.setLearningRate(Number(e.target.value))}>
            {[...new Set([...LEARNING_RATES, lr])]
              .sort((a, b) => a - b)
              .map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
          </select>
        </label>
      )}
      <p className="formula" data-testid="objective-formula">
        {objectiveFormula(o, (v) => formatInfo(v, units, 3))}
      </p>
      <ModelDiagram terms={diagramTerms(o)} />
    </section>
  );
}
