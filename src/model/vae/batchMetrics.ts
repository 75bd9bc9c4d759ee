/**
 * The reported numbers of one image or 1-D model from its last training batch, computed in one
 * place for the trainers and the runner: R, D, −ELBO (nats), the effective β the objective applied
 * at that step (constraints included), σ and the multipliers.
 */
import { constrainedBeta } from '../../math/constraints';
import type { ObjectiveSettings } from '../../math/objective';
import type { ModelMetrics } from '../../lib/metrics';
import type { VaeModelState } from './vaeModel';

export function batchMetrics(o: ObjectiveSettings, st: VaeModelState): ModelMetrics {
  const batch = { rateNats: st.rateNats, distortionNats: st.distortionNats, mmd: st.mmd };
  return {
    rateNats: st.rateNats,
    distortionNats: st.distortionNats,
    negElboNats: st.rateNats + st.distortionNats,
    betaEffective: constrainedBeta(o, Math.max(0, st.step - 1), batch, st.multipliers, st.multiplier),
    targetRateNats: o.targetRateNats,
    multiplier: st.multiplier,
    mmd: st.mmd,
    multipliers: st.multipliers,
  };
}
