/**
 * One-sentence definitions of every metric, mark and family name the page shows: what it is,
 * its formula and its range, with the paper it comes from, by short title (Broken ELBO: Fixing a
 * Broken ELBO; InfoVAE; Lagrangian family: the information-autoencoding family). Shown on hover and focus.
 */
export const DEFINITIONS = {
  rate:
    'Rate R = E_p*(x)[KL(e(z|x) ‖ m(z))]: the nats the code carries about x beyond what the marginal m(z) expects; ' +
    'an upper bound on I(x; z); R ≥ 0 (Broken ELBO §2).',
  distortion:
    'Distortion D = −E[log d(x|z)]: the nats needed to reconstruct x from its code; D ≥ 0 for discrete data, and ' +
    'below 0 is possible for continuous data such as the two Gaussians (Broken ELBO §2).',
  negElbo:
    '−ELBO = R + D: an upper bound on the model’s −log-likelihood −E log g(x), so never below H; nats ' +
    '(Broken ELBO §2).',
  entropy:
    'H = −Σ p*(x) log p*(x): the entropy of the data, fixed by the data; exact for the toy (3.30 nats) and the ' +
    'two Gaussians (differential, 1.36 nats) (Broken ELBO §2).',
  entropyEstimate:
    'Ĥ: the best held-out bound on −log p(x) any image model has reached so far (IWAE-k, else −ELBO): an upper ' +
    'bound on H, drawn as the dashed D = Ĥ − R; training-batch points may lie below it (Broken ELBO §4).',
  mutualInfo:
    'I(x; z): the mutual information between data and code under the encoder, with H − D ≤ I(x; z) ≤ R; 0 ≤ ' +
    'I ≤ H nats (Broken ELBO §2).',
  classInfo:
    'I(z; z*): how much the code knows of the toy’s true class z*; 0 ≤ I(z; z*) ≤ I(x; z*) = 0.5 nats here (z ' +
    'sees z* only through x) (Broken ELBO App. E).',
  marginalKl:
    'KL(p* ‖ g) = Σ p*(x) log(p*(x)/g(x)), g(x) = Σ m(z) d(x|z): how far the model’s samples are from the ' +
    'data; ≥ 0 nats, 0 when g = p* (Broken ELBO §4).',
  genMi:
    'E ≤ I_d(x; z) ≤ G: bounds on the mutual information along the generative path m(z) d(x|z); E = E[log ' +
    'e(z|x)/m(z)], G = E[log d(x|z)/p*(x)]; nats (Broken ELBO App. C).',
  beta:
    'β: the weight of the rate in D + βR (β = 1 is the ELBO); at its optimum −β is the slope ∂D/∂R of the ' +
    'frontier; dimensionless, 0–20 here (Broken ELBO §2).',
  betaEffective:
    'β effective: the slope the objective applies at this step (its gradient is that of D + β_eff·R): 1 for ELBO, ' +
    'β for β-VAE, μ + ρ(R − σ) for a target rate with a multiplier; dimensionless.',
  sigma:
    'σ: the target rate, held either by the penalty D + λ|σ − R| or as the constraint R = σ with a learned ' +
    'multiplier; nats (Broken ELBO §4).',
  multiplier:
    'μ (μ_R): the Lagrange multiplier of R = σ (or R ≤ σ), updated by dual ascent μ ← μ + η(R − σ); it ' +
    'settles at −∂D/∂R; dimensionless, clipped to [−50, 50] (Lagrangian family §2.4).',
  mmd:
    'MMD²(q(z), p(z)): the maximum mean discrepancy between the aggregate code q(z) and the prior under a kernel; 0 ' +
    'exactly when they match; dimensionless (InfoVAE §4.1.3).',
  family:
    'Family (encoder, decoder, marginal): − simple / + complex; encoder − Gaussian MLP, + with an inverse ' +
    'autoregressive flow; decoder − independent pixels, + PixelCNN; marginal − N(0, I), + a learned flow, v ' +
    'VampPrior, l a fixed logistic prior (Broken ELBO §4).',
  toyFamilies:
    'Toy families: tabular = free tables for e(z|x), d(x|z), m(z); smooth = Appendix E, e and d smooth functions of ' +
    'x; smooth encoder = Appendix E encoder with a free decoder and marginal (the Figure 2 default: it can fit p*(x) ' +
    'with no code, and its codes are contiguous in x).',
  frontier:
    'Pareto frontier (staircase): the models that no other model beats on both R and D ' +
    '(Broken ELBO Fig. 3a, black).',
  hull:
    'Convex hull: the lower-left convex boundary of the points; its corners are the models that minimise D + βR for ' +
    'some β ≥ 0 (Broken ELBO Fig. 3a, grey).',
  infeasible:
    'Infeasible region: D < H − R, which no encoder, decoder and marginal can reach, since H − D ≤ I ≤ R ' +
    '(Broken ELBO §2, Fig. 1).',
  bound:
    'The bound D = H − R: the best distortion any model of rate R can have; on it both H − D ≤ I and I ≤ R ' +
    'are tight (Broken ELBO §2).',
} as const;

export type Term = keyof typeof DEFINITIONS;
