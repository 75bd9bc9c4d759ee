/**
 * The numbers reported for every model, whatever its data: the RD point and its objective's
 * state (required), exact quantities only the toy problem has, and the held-out measurements of
 * image models (both optional). All in nats.
 */

/**
 * A full test evaluation of an image model (model/vae/testEvaluation.ts), nats per image: every
 * test image (`set` 'validation' when the image set has no test set), IWAE with k samples.
 */
export interface TestEvaluation {
  set: 'test' | 'validation';
  images: number;
  k: number;
  rateNats: number;
  distortionNats: number;
  negElboNats: number;
  iwaeNats: number;
  /** The k-sample Monte Carlo −ELBO on the same samples (≥ IWAE, by Jensen). */
  iwaeNegElboNats: number;
  seconds: number;
}

/** Held-out measurements of an image model (computed in model/vae/evaluate.ts), nats. */
export interface HeldOutMetrics {
  heldOutRateNats: number;
  heldOutDistortionNats: number;
  heldOutNegElboNats: number;
  /** −IWAE-k on the first held-out images, and the k-sample −ELBO on the same samples. */
  iwaeNats: number;
  iwaeNegElboNats: number;
  iwaeSamples: number;
  activeUnits: number;
  miEstimateNats: number;
  /** log M: the most the MI estimate can say. */
  miCeilingNats: number;
  /**
   * Geometric mean of the encoder's std over held-out images and dimensions (before any flow): near its floor the
   * encoder is deterministic and R unbounded.
   */
  encoderStdGeoMean: number;
  /**
   * R over the first 1,000 training images (what a constraint R = σ holds; held-out R may differ by the generalisation
   * gap).
   */
  trainRateNats: number;
  /** MMD²(q(z), m(z)) of all held-out codes against as many prior samples, with its kernel and scale C. */
  mmd: number;
  mmdKernel: 'imq' | 'gaussian';
  mmdScale: number;
  /** Generative-MI lower bound E = E_{m(z)d(x|z)}[log e(z|x) − log m(z)] (Gaussian encoder, MLP decoder only). */
  genMiLowerNats?: number;
  /** 1-NN accuracy on held-out latent means from 100 and 1,000 labelled training images (labelled data only). */
  knnAccuracy100?: number;
  knnAccuracy1000?: number;
  /**
   * The same probe (1,000 labels) on sampled codes z ~ e(z|x), train and held-out: what the code carries through its
   * noise.
   */
  knnSampleAccuracy1000?: number;
}

/** Held-out measurements with the training step they were taken at. */
export interface HeldOutNumbers extends HeldOutMetrics {
  step: number;
}

/** Below this geometric-mean encoder std the encoder counts as (near-)deterministic: R is drawn as unbounded. */
export const NEAR_DETERMINISTIC_STD = 0.01;
/** The collapse alarm: R below this (nats) while D is still this far above the best −log p(x) bound Ĥ. */
export const COLLAPSE_RATE_NATS = 0.5;
export const COLLAPSE_EXCESS_NATS = 5;

/**
 * Posterior collapse: z carries almost nothing (R < 0.5 nats) although D is well above what the data allow (Ĥ + 5
 * nats).
 */
export function isCollapsed(
  m: { rateNats: number; distortionNats: number },
  entropyEstimateNats: number | null,
): boolean {
  return (
    m.rateNats < COLLAPSE_RATE_NATS &&
    entropyEstimateNats !== null &&
    m.distortionNats > entropyEstimateNats + COLLAPSE_EXCESS_NATS
  );
}

/** Whether the encoder is (near-)deterministic, so R is unbounded (drawn off-plot). */
export function isRateUnbounded(m: { heldOut?: { encoderStdGeoMean: number } }): boolean {
  return m.heldOut !== undefined && m.heldOut.encoderStdGeoMean < NEAR_DETERMINISTIC_STD;
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
  /** Toy only: generative-MI bounds E ≤ I_d(x; z) ≤ G (q(x) = p*(x) in G). */
  genMiLowerNats?: number;
  genMiUpperNats?: number;
  /** Image and 1-D models: the batch's MMD²(q(z), m(z)) (0 while the objective does not use it). */
  mmd?: number;
  /** Image and 1-D models: constraint multipliers [μ_R, μ_MMD, μ_−ELBO]. */
  multipliers?: [number, number, number];
  /** 1-D two-Gaussian model only: the MI estimate and the true −E log p(x) by numerical integration, nats. */
  miEstimateNats?: number;
  trueNllNats?: number;
  /** Images only: the latest held-out measurement. */
  heldOut?: HeldOutNumbers;
}
