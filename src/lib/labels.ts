/**
 * What models are called on screen and in exports, derived from the objective in force so a
 * label never goes stale after an edit.
 */
import type { ObjectiveSettings } from '../math/objective';
import type { ModelSpec } from './experiment';
import { fmt } from './presets';
import { familyLabel } from './vaeSpec';

/** An objective in words with its numbers, e.g. "β = 0.30", "target rate σ = 0.50", "min D s.t. R = 5". */
export function objectiveLabel(o: ObjectiveSettings): string {
  const base: Record<ObjectiveSettings['kind'], string> = {
    elbo: 'ELBO',
    beta: `β = ${fmt(o.beta)}`,
    anneal: `β annealed to ${fmt(o.beta)}`,
    'target-penalty': `target rate σ = ${fmt(o.targetRateNats)} (penalty λ = ${fmt(o.penalty)})`,
    'target-lagrange': `target rate σ = ${fmt(o.targetRateNats)}`,
    infovae: `InfoVAE α = ${fmt(o.alpha)}, λ = ${fmt(o.mmdLambda)}`,
    vimae: `VIMAE λ = ${fmt(o.mmdLambda)}`,
    ae: 'L_AE',
    lagrangian: 'min D',
  };
  const targetKind = o.kind === 'target-penalty' || o.kind === 'target-lagrange';
  const parts = [
    ...(o.rateConstraint !== 'off' && !targetKind
      ? [`R ${o.rateConstraint === 'eq' ? '=' : '≤'} ${fmt(o.targetRateNats)}`]
      : []),
    ...(o.mmdMax > 0 ? [`MMD² ≤ ${fmt(o.mmdMax)}`] : []),
    ...(o.negElboMaxNats > 0 ? [`−ELBO ≤ ${fmt(o.negElboMaxNats)}`] : []),
  ];
  return parts.length > 0 ? `${base[o.kind]} s.t. ${parts.join(', ')}` : base[o.kind];
}

/**
 * What a model is called on screen, derived from its objective in force so it never goes stale:
 * the image family, the preset's name for the model (if any) and the objective, e.g.
 * "(−+−) β = 0.30", "β_H-VAE β = 10", "hand optimum".
 */
export function modelLabel(spec: ModelSpec): string {
  if (spec.kind === 'hand') return spec.label || 'hand optimum';
  const family = spec.arch && spec.arch.latentDim !== 1 ? `${familyLabel(spec.arch)} ` : '';
  // A parenthesised note (copies) follows the objective; a name precedes it.
  if (spec.label.startsWith('(')) return `${family}${objectiveLabel(spec.objective)} ${spec.label}`;
  const role = spec.label ? `${spec.label} ` : '';
  return `${family}${role}${objectiveLabel(spec.objective)}`;
}
