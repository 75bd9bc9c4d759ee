/** Detecting models whose numbers became NaN or infinite. */

/** Per-model numbers read back after a step: Float32Arrays of length P. */
export interface PopulationState {
  step: number;
  rateNats: Float32Array;
  distortionNats: Float32Array;
  multiplier: Float32Array;
  /** Σ of each model's parameters: non-finite when any parameter is. */
  paramSum: Float32Array;
}

/** A model that stopped because a quantity became non-finite. */
export interface ModelFault {
  index: number;
  quantity: 'rate' | 'distortion' | 'multiplier' | 'parameters';
  step: number;
}

/** Active models with a non-finite parameter sum, R, D or μ (the first such quantity is named). */
export function detectFaults(state: PopulationState, active: readonly boolean[]): ModelFault[] {
  const faults: ModelFault[] = [];
  for (let i = 0; i < active.length; i++) {
    if (!active[i]) continue;
    const checks: [ModelFault['quantity'], number][] = [
      ['parameters', state.paramSum[i] as number],
      ['rate', state.rateNats[i] as number],
      ['distortion', state.distortionNats[i] as number],
      ['multiplier', state.multiplier[i] as number],
    ];
    const bad = checks.find(([, v]) => !Number.isFinite(v));
    if (bad) faults.push({ index: i, quantity: bad[0], step: state.step });
  }
  return faults;
}
