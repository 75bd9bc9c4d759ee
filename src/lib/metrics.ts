/**
 * The numbers reported for every model, whatever its data: the RD point and its objective's
 * state (required), exact quantities only the toy problem has, and the held-out measurements of
 * image models (both optional). All in nats.
 */

/** Held-out measurements of an image model (computed in model/vae/evaluate.ts), nats. */
export interface HeldOutMetrics {
  testRateNats: number;
  testDistortionNats: number;
  testNegElboNats: number;
  /** −IWAE-k on the first test images, and the k-sample −ELBO on the same samples. */
  iwaeNats: number;
  iwaeNegElboNats: number;
  iwaeSamples: number;
  activeUnits: number;
  miEstimateNats: number;
  /** log M: the most the MI estimate can say. */
  miCeilingNats: number;
}

/** Held-out measurements with the training step they were taken at. */
export interface HeldOutNumbers extends HeldOutMetrics {
  step: number;
}

export interface ModelMetrics {
  /** R: exact (toy) or the training batch's mean (images). */
  rateNats: number;
  /** D: exact (toy) or the training batch's mean (images). */
  distortionNats: number;
  /** −ELBO = R + D */
  negElboNats: number;
  /** β_eff: the slope −dD/dR the objective pushes along at this step. */
  betaEffective: number;
  targetRateNats: number;
  multiplier: number;
  /** Toy only: H, KL(p* ‖ g), I(x; z), I(z; z*). */
  entropyNats?: number;
  marginalKlNats?: number;
  mutualInfoNats?: number;
  classInfoNats?: number;
  /** Images only: the latest held-out measurement. */
  heldOut?: HeldOutNumbers;
}
