/**
 * The toy chapters (Alemi et al. 2018 on the toy problem of Appendix E): the rate–distortion
 * plane, the skew axes, what the code knows of the class, and how β and a target rate move along
 * the frontier.
 */
import { toyProblem } from '../math/toyData';
import { TOY_HIDE, type Chapter } from './chapter';
import { boundGap, nats, num, type LessonView } from './checks';

const H = toyProblem().entropyNats;
const FIG2 = '?preset=figure2&family=smooth-encoder&objective=target-lagrange&sigma=0.5&seed=1';
/** Models of the β sweep (logSpaced(0.1, 10, 16)): b0 is β = 0.1, b15 is β = 10. */
const SWEEP_IDS = Array.from({ length: 16 }, (_, i) => `b${i}`);

const onBound =
  (id: string, tol = 0.01) =>
  (v: LessonView) =>
    boundGap(v, id) < tol;

/** Chapter 1: the plane, the bound D = H − R and its corners. */
export const RD_PLANE_CHAPTER: Chapter = {
  title: 'The rate–distortion plane',
  source: 'Alemi et al. 2018, Fixing a Broken ELBO, §2 and Fig. 1',
  query: FIG2,
  speed: 20,
  hide: TOY_HIDE,
  select: 'target',
  body: [
    'Each model is one point: its rate $R = \\mathbb{E}_{p^*(x)}[\\mathrm{KL}(e(z|x)\\,\\|\\,m(z))]$, the nats its ' +
      'code $z$ carries about $x$, against its distortion $D = -\\mathbb{E}[\\log d(x|z)]$, the nats needed to ' +
      'reconstruct $x$ from $z$.',
    'The bounds $H - D \\le I(x;z) \\le R$ mean that no model can lie below the line $D = H - R$: the grey region ' +
      'is infeasible. Here the data entropy is $H \\approx 3.30$ nats.',
    'The corners are auto-decoding ($R = 0$, $D = H$: the code is ignored) and auto-encoding ($R = H$, $D = 0$). ' +
      'On the line both bounds are tight.',
  ],
  checks: [
    {
      text: 'every model lies on or above the bound: R + D ≥ H',
      holds: (v) => ['hand', 'elbo', 'target'].every((id) => boundGap(v, id) > -1e-3),
    },
    {
      text: 'the hand-designed optimum sits on the bound at R = 0.5 nats',
      holds: (v) => Math.abs(num(v, 'hand', (m) => m.rateNats) - 0.5) < 1e-3 && boundGap(v, 'hand') < 1e-3,
      value: (v) => nats(num(v, 'hand', (m) => m.rateNats)),
    },
    {
      text: 'the σ = 0.5 model reaches the bound: R + D within 0.01 nats of H',
      holds: onBound('target'),
      value: (v) => nats(boundGap(v, 'target'), 4),
    },
  ],
  annotations: {
    rd: [
      { text: 'bound D = H − R', at: { rateNats: 2.2, distortionNats: H - 2.2 }, dx: 20, dy: -40 },
      { text: 'infeasible: D < H − R', at: { rateNats: 0.8, distortionNats: 1.0 }, dx: -10, dy: 50 },
    ],
  },
  panels: [],
};

/** Chapter 2: the skew axes, where models of equal ELBO share a horizontal line. */
export const SKEW_AXES_CHAPTER: Chapter = {
  title: 'Same ELBO, different rates: the skew axes',
  source: 'Alemi et al. 2018, §3 and Fig. 2; skew axes as in Fig. 3b',
  query: FIG2,
  speed: 20,
  hide: TOY_HIDE,
  select: 'target',
  body: [
    'Plot $-\\mathrm{ELBO} = R + D$ against $R$: models on one horizontal line have the same ELBO.',
    'Every point on $D = H - R$ has $-\\mathrm{ELBO} = H$, so the ELBO cannot tell these models apart (§2).',
    'The ELBO-trained model drifts to $R \\approx 0$; the target-rate model stays at $R = 0.5$ nats. Both fit the ' +
      'data: $\\mathrm{KL}(p^*\\,\\|\\,g) \\approx 0$ (§4).',
  ],
  checks: [
    {
      text: "the ELBO model's rate falls below 0.05 nats",
      holds: (v) => num(v, 'elbo', (m) => m.rateNats) < 0.05,
      value: (v) => nats(num(v, 'elbo', (m) => m.rateNats)),
    },
    {
      text: 'the σ = 0.5 model holds R = 0.5 nats (±0.01)',
      holds: (v) => Math.abs(num(v, 'target', (m) => m.rateNats) - 0.5) < 0.01,
      value: (v) => nats(num(v, 'target', (m) => m.rateNats)),
    },
    {
      text: 'both trained models fit the data: KL(p* ‖ g) below 0.01 nats',
      holds: (v) => ['elbo', 'target'].every((id) => num(v, id, (m) => m.marginalKlNats) < 0.01),
    },
    {
      text: 'the two trained models have the same −ELBO to 0.01 nats',
      holds: (v) => Math.abs(num(v, 'elbo', (m) => m.negElboNats) - num(v, 'target', (m) => m.negElboNats)) < 0.01,
      value: (v) => nats(Math.abs(num(v, 'elbo', (m) => m.negElboNats) - num(v, 'target', (m) => m.negElboNats)), 4),
    },
  ],
  annotations: {
    skew: [{ text: '−ELBO = H at any rate', at: { rateNats: 1.6, distortionNats: H - 1.6 }, dx: 10, dy: -45 }],
    rd: [{ text: 'ELBO: R → 0', modelId: 'elbo', dx: 120, dy: 0 }],
  },
  panels: [],
};

/** Chapter 3: I(z; z*), what the code knows of the hidden class. */
export const CLASS_INFO_CHAPTER: Chapter = {
  title: 'ELBO learns nothing about the class; a target rate recovers it',
  source: 'Alemi et al. 2018, §3, Fig. 2 and Appendix E',
  query: FIG2,
  speed: 20,
  hide: TOY_HIDE,
  select: 'target',
  body: [
    'The data come from a hidden class $z^* \\sim \\mathrm{Ber}(0.7)$ plus noise, set so that $I(x; z^*) = 0.5$ ' +
      'nats (App. E); $I(z; z^*) \\le I(x; z^*)$ measures how much the code knows of the class.',
    'With a free decoder the ELBO model fits $p^*(x)$ with almost no code, so it mixes the two classes into one ' +
      'cluster: $I(z; z^*) \\approx 0$ (Fig. 2b).',
    'The target-rate model, $R = \\sigma = 0.5$ nats with an encoder smooth in $x$, forms two clusters like the ' +
      'hand-designed optimum (Fig. 2a, 2c): see the latent-space panels.',
  ],
  checks: [
    {
      text: 'ELBO model: I(z; z*) below 0.03 nats',
      holds: (v) => num(v, 'elbo', (m) => m.classInfoNats) < 0.03,
      value: (v) => nats(num(v, 'elbo', (m) => m.classInfoNats)),
    },
    {
      text: 'σ = 0.5 model, once at R = 0.5 (±0.02): I(z; z*) above 0.25 nats (hand optimum: 0.378)',
      holds: (v) =>
        num(v, 'target', (m) => m.classInfoNats) > 0.25 && Math.abs(num(v, 'target', (m) => m.rateNats) - 0.5) < 0.02,
      value: (v) => nats(num(v, 'target', (m) => m.classInfoNats)),
    },
    {
      text: 'no model knows more than the data: every I(z; z*) ≤ I(x; z*) = 0.5 nats',
      holds: (v) => ['hand', 'elbo', 'target'].every((id) => num(v, id, (m) => m.classInfoNats) <= 0.5 + 1e-9),
    },
  ],
  annotations: {
    rd: [
      { text: 'I(z; z*) ≈ 0', modelId: 'elbo', dx: 120, dy: 0 },
      { text: 'two clusters', modelId: 'target', dx: 60, dy: 30 },
    ],
  },
  panels: ['figure2'],
};

/** Chapter 4: the β sweep, models at the ends of the line D = H − R. */
export const BETA_SWEEP_CHAPTER: Chapter = {
  title: 'β traces the frontier',
  source: 'Alemi et al. 2018, §4 (β-VAE as a Legendre transform) and Fig. 3',
  query: '?preset=beta-sweep&family=smooth-encoder&objective=beta&seed=1',
  speed: 100,
  hide: TOY_HIDE,
  select: 'b7',
  body: [
    'The β-VAE minimises $D + \\beta R$ ($\\beta = 1$ is the ELBO). Its optimum is where a line of slope ' +
      '$-\\beta$ touches the frontier, $\\partial D/\\partial R = -\\beta$: the blue line through the selected ' +
      'model. Drag it.',
    '$\\beta < 1$ moves toward auto-encoding (low $D$, high $R$), $\\beta > 1$ toward auto-decoding (high $D$, $R ' +
      '\\to 0$) (§2).',
    "Up to $R \\approx 2.4$ nats this family's frontier is the line $D = H - R$, of slope $-1$, so β cannot " +
      'choose a point along it: models jump to one end, the most rate this smooth encoder can make.',
  ],
  checks: [
    {
      text: 'every β > 1 model ends at R below 0.05 nats',
      holds: (v) => SWEEP_IDS.slice(8).every((id) => num(v, id, (m) => m.rateNats) < 0.05),
    },
    {
      text: 'every β < 1 model keeps more than 2 nats of rate',
      holds: (v) => SWEEP_IDS.slice(0, 8).every((id) => num(v, id, (m) => m.rateNats) > 2),
      value: (v) => nats(Math.min(...SWEEP_IDS.slice(0, 8).map((id) => num(v, id, (m) => m.rateNats)))),
    },
    {
      text: 'every model is within 0.02 nats of the bound',
      holds: (v) => SWEEP_IDS.every((id) => boundGap(v, id) < 0.02),
    },
  ],
  annotations: {
    rd: [
      { text: 'β > 1: autodecoders', at: { rateNats: 0, distortionNats: H }, dx: 40, dy: 20 },
      { text: 'β < 1: its most rate', at: { rateNats: 2.45, distortionNats: H - 2.45 }, dx: -30, dy: -60 },
    ],
  },
  panels: [],
};

/** The last chapter: a target rate places models anywhere along the frontier the encoder can reach. */
export const SIGMA_SWEEP_CHAPTER: Chapter = {
  title: 'A target rate picks any point of the frontier — up to what the encoder can reach',
  source: 'Alemi et al. 2018, §4 (target rate D + |σ − R|) and Appendix E',
  query: '?preset=sigma-sweep&family=smooth-encoder&objective=target-lagrange&seed=1',
  speed: 100,
  hide: TOY_HIDE,
  select: 's5',
  body: [
    'Along $D = H - R$ every point has the same slope, $-1$, so β can only pick an end (§2). A target rate picks ' +
      'any point: the σ models land along the line, with $-\\mathrm{ELBO} = H$ and multipliers $\\mu_R \\approx ' +
      '1$, the size of the slope.',
    'Past the most rate this family can use, extra rate comes only from a worse-fitting $m(z)$, which raises $R$ ' +
      'without lowering $D$: those models leave the line and their $\\mu_R$ falls to about 0.',
    "This is the paper's case for constraints: they target a specific point on the RD curve, which the β-VAE " +
      'cannot (§5).',
  ],
  checks: [
    {
      text: 'targets up to 2 nats: R within 0.02 nats of σ',
      holds: (v) =>
        Array.from({ length: 10 }, (_, i) => `s${i}`).every(
          (id) => Math.abs(num(v, id, (m) => m.rateNats - m.targetRateNats)) < 0.02,
        ),
    },
    {
      text: 'targets up to 2 nats: on the bound within 0.02 nats, with μ_R ≈ 1 (±0.05)',
      holds: (v) =>
        Array.from({ length: 10 }, (_, i) => `s${i}`).every(
          (id) => boundGap(v, id) < 0.02 && (id === 's0' || Math.abs(num(v, id, (m) => m.multiplier) - 1) < 0.05),
        ),
    },
    {
      text: 'the highest target (σ = H) is off the bound by more than 0.1 nats',
      holds: (v) => boundGap(v, 's15') > 0.1,
      value: (v) => nats(boundGap(v, 's15')),
    },
  ],
  annotations: { rd: [{ text: 'σ > 2.5: off the bound', modelId: 's15', dx: -20, dy: -40 }] },
  panels: [],
};
