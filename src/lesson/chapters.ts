/**
 * The lesson: chapters a teacher steps through, each from the papers. A chapter names the
 * experiment it loads (a URL query, so it is exactly what a link would open), its speed, the
 * controls it shows, 2–4 sentences with formulas in TeX ($…$), annotations on the planes, and
 * live checks of what to look for.
 */
import type { RdPoint } from '../math/frontier';
import { toyProblem } from '../math/toyData';
import type { Hideable } from '../state/url';
import { boundGap, lastRows, nats, num, type Check, type LessonView } from './checks';

export interface ChapterAnnotation {
  text: string;
  modelId?: string;
  at?: RdPoint;
  /** Text offset from the point, px. */
  dx?: number;
  dy?: number;
}

export interface Chapter {
  title: string;
  /** The paper and section the chapter shows. */
  source: string;
  /** The experiment, as the query of a link (preset, family, objective, …). */
  query: string;
  /** Steps per second while it plays (null: full speed). */
  speed: number | null;
  /** Controls the chapter hides (classroom _hide names). */
  hide: Hideable[];
  /** The model selected at the start (its σ / β handles are drawn). */
  select?: string;
  /** Sentences of the text; formulas between $…$. */
  body: string[];
  checks: Check[];
  annotations: { rd?: ChapterAnnotation[]; skew?: ChapterAnnotation[] };
  /** What the chapter needs beyond the planes. */
  panels: ('figure2' | 'images' | 'curves' | 'mixture')[];
  /** Said on screen: where the chapter starts from when that is not step 0 (a checkpoint). */
  note?: string;
  /**
   * A weights-only run file in public/checkpoints/ the chapter starts from (made by tests/bench/make-checkpoint.ts).
   */
  checkpoint?: string;
}

const H = toyProblem().entropyNats;
const TOY_HIDE: Hideable[] = ['preset', 'family', 'vae', 'seed', 'backend', 'export', 'lambda', 'anneal', 'lr'];
const IMAGE_HIDE: Hideable[] = ['preset', 'family', 'vae', 'seed', 'backend', 'export', 'lambda', 'anneal'];
const FIG2 = '?preset=figure2&family=smooth-encoder&objective=target-lagrange&sigma=0.5&seed=1';
/** Models of the β sweep (logSpaced(0.1, 10, 16)): b0 is β = 0.1, b15 is β = 10. */
const SWEEP_IDS = Array.from({ length: 16 }, (_, i) => `b${i}`);

const onBound =
  (id: string, tol = 0.01) =>
  (v: LessonView) =>
    boundGap(v, id) < tol;

/** How far a 1-D model's latest true −log p(x) is above the lowest it had reached before, nats. */
function nllRise(v: LessonView, id: string): number {
  const nll = (v.models[id]?.series ?? []).flatMap((r) => (r.nllNats === undefined ? [] : [r.nllNats]));
  if (nll.length < 2) return Number.NaN;
  return (nll[nll.length - 1] as number) - Math.min(...nll.slice(0, -1));
}

export const CHAPTERS: readonly Chapter[] = [
  {
    title: 'The rate–distortion plane',
    source: 'Alemi et al. 2018, Fixing a Broken ELBO, §2 and Fig. 1',
    query: FIG2,
    speed: 20,
    hide: TOY_HIDE,
    select: 'target',
    body: [
      'Each model is one point: its rate $R = \\mathbb{E}_{p^*(x)}[\\mathrm{KL}(e(z|x)\\,\\|\\,m(z))]$, the nats its code $z$ carries about $x$, against its distortion $D = -\\mathbb{E}[\\log d(x|z)]$, the nats needed to reconstruct $x$ from $z$.',
      'The bounds $H - D \\le I(x;z) \\le R$ mean that no model can lie below the line $D = H - R$: the grey region is infeasible. Here the data entropy is $H \\approx 3.30$ nats.',
      'The corners are auto-decoding ($R = 0$, $D = H$: the code is ignored) and auto-encoding ($R = H$, $D = 0$). On the line both bounds are tight.',
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
  },
  {
    title: 'Same ELBO, different rates: the skew axes',
    source: 'Alemi et al. 2018, §3 and Fig. 2; skew axes as in Fig. 3b',
    query: FIG2,
    speed: 20,
    hide: TOY_HIDE,
    select: 'target',
    body: [
      'Plot $-\\mathrm{ELBO} = R + D$ against $R$: models on one horizontal line have the same ELBO.',
      'Every point on $D = H - R$ has $-\\mathrm{ELBO} = H$, so the ELBO cannot tell these models apart (§2).',
      'The ELBO-trained model drifts to $R \\approx 0$; the target-rate model stays at $R = 0.5$ nats. Both fit the data: $\\mathrm{KL}(p^*\\,\\|\\,g) \\approx 0$ (§4).',
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
  },
  {
    title: 'ELBO learns nothing about the class; a target rate recovers it',
    source: 'Alemi et al. 2018, §3, Fig. 2 and Appendix E',
    query: FIG2,
    speed: 20,
    hide: TOY_HIDE,
    select: 'target',
    body: [
      'The data come from a hidden class $z^* \\sim \\mathrm{Ber}(0.7)$ plus noise, set so that $I(x; z^*) = 0.5$ nats (App. E); $I(z; z^*) \\le I(x; z^*)$ measures how much the code knows of the class.',
      'With a free decoder the ELBO model fits $p^*(x)$ with almost no code, so it mixes the two classes into one cluster: $I(z; z^*) \\approx 0$ (Fig. 2b).',
      'The target-rate model, $R = \\sigma = 0.5$ nats with an encoder smooth in $x$, forms two clusters like the hand-designed optimum (Fig. 2a, 2c): see the latent-space panels.',
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
  },
  {
    title: 'β traces the frontier',
    source: 'Alemi et al. 2018, §4 (β-VAE as a Legendre transform) and Fig. 3',
    query: '?preset=beta-sweep&family=smooth-encoder&objective=beta&seed=1',
    speed: 100,
    hide: TOY_HIDE,
    select: 'b7',
    body: [
      'The β-VAE minimises $D + \\beta R$ ($\\beta = 1$ is the ELBO). Its optimum is where a line of slope $-\\beta$ touches the frontier, $\\partial D/\\partial R = -\\beta$: the blue line through the selected model. Drag it.',
      '$\\beta < 1$ moves toward auto-encoding (low $D$, high $R$), $\\beta > 1$ toward auto-decoding (high $D$, $R \\to 0$) (§2).',
      "Up to $R \\approx 2.4$ nats this family's frontier is the line $D = H - R$, of slope $-1$, so β cannot choose a point along it: models jump to one end, the most rate this smooth encoder can make.",
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
  },
  {
    title: 'A powerful decoder ignores z at β = 1',
    source: 'Alemi et al. 2018, §4.1 and Fig. 4 (autodecoder vs autoencoder)',
    query: '?preset=mnist-figure4&hidden=64&zdim=8&batch=32&seed=1&images=mnist',
    checkpoint: 'chapter-5.json',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'pix-low',
    body: [
      'An autoregressive (PixelCNN) decoder can model the digits on its own: at $\\beta = 1$ its code is nearly independent of the input (Fig. 4c).',
      'Decode one $z$ several times (input, one decode, mean of 5; click a point for its grid): for such an autodecoder the decodes look like fresh samples, not like the input.',
      'With $\\beta = 0.3 < 1$ the same model keeps rate and reconstructs the input (Fig. 4a). An MLP decoder of independent pixels needs $z$, so it keeps rate even at $\\beta = 1$.',
    ],
    checks: [
      {
        text: 'the PixelCNN β = 1 model: held-out R below 1 nat',
        holds: (v) => num(v, 'pix-elbo', (m) => m.heldOut?.testRateNats) < 1,
        value: (v) =>
          nats(
            num(v, 'pix-elbo', (m) => m.heldOut?.testRateNats),
            2,
          ),
      },
      {
        text: 'the PixelCNN β = 0.3 model: held-out R above 10 nats and D at least 5 nats below β = 1’s',
        holds: (v) =>
          num(v, 'pix-low', (m) => m.heldOut?.testRateNats) > 10 &&
          num(v, 'pix-elbo', (m) => m.heldOut?.testDistortionNats) -
            num(v, 'pix-low', (m) => m.heldOut?.testDistortionNats) >=
            5,
        value: (v) =>
          nats(
            num(v, 'pix-low', (m) => m.heldOut?.testRateNats),
            2,
          ),
      },
      {
        text: 'the MLP decoder at β = 1 keeps held-out R above 10 nats',
        holds: (v) => num(v, 'mlp-elbo', (m) => m.heldOut?.testRateNats) > 10,
        value: (v) =>
          nats(
            num(v, 'mlp-elbo', (m) => m.heldOut?.testRateNats),
            2,
          ),
      },
    ],
    annotations: {},
    panels: ['images'],
    note: 'Starts from a checkpoint (1,500 steps, seed 1; see the README) and trains on live.',
  },
  {
    title: 'InfoVAE keeps the code where ELBO drops it',
    source: 'Zhao, Song, Ermon, InfoVAE, §3–4 (information preference) and §5',
    query: '?preset=mnist-infovae&hidden=64&zdim=8&batch=32&seed=1&images=mnist',
    checkpoint: 'chapter-6.json',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'info',
    body: [
      'If the decoder alone can fit the data, an unused code already gives the best ELBO, so nothing rewards using $z$: the information preference problem (InfoVAE §2).',
      'InfoVAE minimises $D + (1 - \\alpha) R + (\\alpha + \\lambda - 1)\\,\\mathrm{MMD}(q(z), p(z))$; with $\\alpha = 1$ the per-example rate term is gone and only the aggregate code $q(z)$ is pulled to the prior (§4.1.3).',
      'With a PixelCNN decoder ELBO keeps below a nat of code; InfoVAE ($\\lambda = 100$) keeps several times more with a small MMD²; $L_{AE}$ keeps all it can and leaves $q(z)$ far from $p(z)$.',
    ],
    checks: [
      {
        text: 'ELBO: held-out R below 2 nats',
        holds: (v) => num(v, 'elbo', (m) => m.heldOut?.testRateNats) < 2,
        value: (v) =>
          nats(
            num(v, 'elbo', (m) => m.heldOut?.testRateNats),
            2,
          ),
      },
      {
        text: 'InfoVAE: held-out R above 2 nats and 4× ELBO’s',
        holds: (v) => {
          const r = num(v, 'info', (m) => m.heldOut?.testRateNats);
          return r > 2 && r > 4 * num(v, 'elbo', (m) => m.heldOut?.testRateNats);
        },
        value: (v) =>
          nats(
            num(v, 'info', (m) => m.heldOut?.testRateNats),
            2,
          ),
      },
      {
        text: 'InfoVAE keeps q(z) near p(z): held-out MMD² < 0.01, below L_AE’s',
        holds: (v) =>
          num(v, 'info', (m) => m.heldOut?.mmd) < 0.01 &&
          num(v, 'info', (m) => m.heldOut?.mmd) < num(v, 'lae', (m) => m.heldOut?.mmd),
      },
    ],
    annotations: {},
    panels: ['images'],
    note: 'Starts from a checkpoint (1,500 steps, seed 1; see the README) and trains on live.',
  },
  {
    title: 'A Lagrange multiplier holds a constraint',
    source: 'Zhao, Song, Ermon, The Information-Autoencoding Family, §3–4 (optimised multipliers)',
    query: '?preset=mnist-lagrangian&hidden=64&zdim=8&seed=1&images=mnist',
    checkpoint: 'chapter-7.json',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'sig5',
    body: [
      'To minimise $D$ subject to $R = \\sigma$, train on $D + \\mu_R (R - \\sigma)$; the multiplier rises while $R > \\sigma$ and falls while $R < \\sigma$: $\\mu_R \\leftarrow \\mu_R + \\eta (R - \\sigma)$.',
      'The Lagrangian-family paper stresses that the multipliers should be optimised, while most objectives fix them (§2.4, §4.1).',
      'Once $R$ settles at $\\sigma$, $\\mu_R = -\\partial D/\\partial R$ there: the β whose tangent touches the frontier at $R = \\sigma$. A lower target sits where the curve is steeper, so it needs a larger multiplier.',
    ],
    checks: [
      {
        text: 'the R = 5 model holds its rate within 1 nat (batch mean)',
        holds: (v) => Math.abs(num(v, 'sig5', (m) => m.rateNats) - 5) < 1,
        value: (v) =>
          nats(
            num(v, 'sig5', (m) => m.rateNats),
            2,
          ),
      },
      {
        text: 'the lower target needs the larger multiplier: μ_R of R = 5 above μ_R of R = 20',
        holds: (v) => num(v, 'sig5', (m) => m.multipliers?.[0]) > num(v, 'sig20', (m) => m.multipliers?.[0]),
      },
      {
        text: 'μ_R has settled: it moved less than 10 % over the last 20 reports',
        holds: (v) => {
          const r = lastRows(v, 'sig5', 20);
          if (r.length < 20) return false;
          const mus = r.map((x) => x.multipliers[0]);
          const span = Math.max(...mus) - Math.min(...mus);
          return span < 0.1 * Math.max(0.1, Math.abs(mus[mus.length - 1] as number));
        },
      },
    ],
    annotations: {},
    panels: ['curves'],
    note: 'Starts from a checkpoint (1,500 steps, seed 1; see the README) and trains on live.',
  },
  {
    title: 'The two Gaussians: more information, worse likelihood, and the cap that fixes it',
    source: 'Zhao, Song, Ermon, The Information-Autoencoding Family, §4.1',
    query: '?preset=two-gaussians&seed=1',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'low',
    body: [
      'Data: $q(x) = \\tfrac12\\mathcal{N}(-1, \\tfrac14) + \\tfrac12\\mathcal{N}(1, \\tfrac14)$, a 1-D code, Gaussian encoder and decoder (§4.1).',
      'With $\\beta < 1$ the mutual information $I_q(x;z)$ grows while the true $-\\mathbb{E}\\log p(x)$ gets worse: a fixed multiplier below 1 keeps paying for information (§4.1).',
      "An upper bound on the information fixes it; here the cap is $R \\le 2$ nats (the app's choice: the paper gives no numbers), and the capped model ends with the likelihood of $\\beta = 1$ and more information.",
    ],
    checks: [
      {
        text: 'β = 0.5 carries more information than β = 1',
        holds: (v) => num(v, 'low', (m) => m.miEstimateNats) > num(v, 'elbo', (m) => m.miEstimateNats) + 0.1,
        value: (v) =>
          nats(
            num(v, 'low', (m) => m.miEstimateNats),
            2,
          ),
      },
      {
        text: "while its information grows, β = 0.5's true −log p(x) gets worse: 0.05 nats above its best so far",
        holds: (v) => nllRise(v, 'low') > 0.05,
        value: (v) => nats(nllRise(v, 'low')),
      },
      {
        text: 'the capped model holds R ≤ 2 nats (±0.1)',
        holds: (v) => num(v, 'low-cap', (m) => m.rateNats) < 2.1,
        value: (v) =>
          nats(
            num(v, 'low-cap', (m) => m.rateNats),
            2,
          ),
      },
    ],
    annotations: {},
    panels: ['mixture', 'curves'],
  },
  {
    title: 'A target rate picks any point of the frontier — up to what the encoder can reach',
    source: 'Alemi et al. 2018, §4 (target rate D + |σ − R|) and Appendix E',
    query: '?preset=sigma-sweep&family=smooth-encoder&objective=target-lagrange&seed=1',
    speed: 100,
    hide: TOY_HIDE,
    select: 's5',
    body: [
      'Along $D = H - R$ every point has the same slope, $-1$, so β can only pick an end (§2). A target rate picks any point: the σ models land along the line, with $-\\mathrm{ELBO} = H$ and multipliers $\\mu_R \\approx 1$, the size of the slope.',
      'Past the most rate this family can use, extra rate comes only from a worse-fitting $m(z)$, which raises $R$ without lowering $D$: those models leave the line and their $\\mu_R$ falls to about 0.',
      "This is the paper's case for constraints: they target a specific point on the RD curve, which the β-VAE cannot (§5).",
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
  },
];
