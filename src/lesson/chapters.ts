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
  /** Said on screen when the point takes minutes to appear on a laptop. */
  note?: string;
}

const H = toyProblem().entropyNats;
const TOY_HIDE: Hideable[] = ['preset', 'family', 'vae', 'seed', 'backend', 'export', 'lambda', 'anneal', 'lr'];
const IMAGE_HIDE: Hideable[] = ['preset', 'family', 'vae', 'seed', 'backend', 'export', 'lambda', 'anneal'];
const FIG2 = '?preset=figure2&family=smooth-encoder&objective=target-lagrange&sigma=0.5&seed=1';
/** Models of the β sweep (logSpaced(0.1, 10, 16)): b0 is β = 0.1, b15 is β = 10. */
const SWEEP_IDS = Array.from({ length: 16 }, (_, i) => `b${i}`);

const onBound = (id: string, tol = 0.01) => (v: LessonView) => boundGap(v, id) < tol;

export const CHAPTERS: readonly Chapter[] = [
  {
    title: 'The rate–distortion plane',
    source: 'Alemi et al. 2018, Fixing a Broken ELBO, §2 and Fig. 1',
    query: FIG2,
    speed: 20,
    hide: TOY_HIDE,
    select: 'target',
    body: [
      'Each model is one point: its rate $R = \\mathbb{E}_{p^*(x)}[\\mathrm{KL}(e(z|x)\\,\\|\\,m(z))]$, the nats its code $z$ carries about $x$, against its distortion $D = -\\mathbb{E}[\\log d(x|z)]$, how badly $x$ is reconstructed from $z$.',
      `Because $H - D \\le I(x;z) \\le R$, no model can lie below the line $D = H - R$, where $H = ${H.toFixed(2)}$ nats is the entropy of the toy data.`,
      'The grey region below that line is infeasible; a model on the line is as good as any model of its rate can be.',
    ],
    checks: [
      { text: 'every model lies on or above the bound: R + D ≥ H', holds: (v) => ['hand', 'elbo', 'target'].every((id) => boundGap(v, id) > -1e-3) },
      { text: 'the hand-designed optimum sits on the bound at R = 0.5 nats', holds: (v) => Math.abs(num(v, 'hand', (m) => m.rateNats) - 0.5) < 1e-3 && boundGap(v, 'hand') < 1e-3, value: (v) => nats(num(v, 'hand', (m) => m.rateNats)) },
      { text: 'the σ = 0.5 model reaches the bound: R + D within 0.01 nats of H', holds: onBound('target'), value: (v) => nats(boundGap(v, 'target'), 4) },
    ],
    annotations: { rd: [{ text: 'bound D = H − R', at: { rateNats: 2.2, distortionNats: H - 2.2 }, dx: 20, dy: -40 }, { text: 'infeasible: D < H − R', at: { rateNats: 0.8, distortionNats: 1.0 }, dx: -10, dy: 50 }] },
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
      'The ELBO is $-(R + D)$. The skew axes plot $-\\mathrm{ELBO} = R + D$ against $R$, so models with the same ELBO lie on one horizontal line.',
      'On the bound $R + D = H$ at every rate: the ELBO-trained model drifts to $R \\approx 0$ (it ignores $z$), the target-rate model stays at $R = 0.5$ nats, and both reach the best possible ELBO.',
      'ELBO alone cannot tell a model that uses its code from one that does not.',
    ],
    checks: [
      { text: "the ELBO model's rate falls below 0.05 nats", holds: (v) => num(v, 'elbo', (m) => m.rateNats) < 0.05, value: (v) => nats(num(v, 'elbo', (m) => m.rateNats)) },
      { text: 'the σ = 0.5 model holds R = 0.5 nats (±0.01)', holds: (v) => Math.abs(num(v, 'target', (m) => m.rateNats) - 0.5) < 0.01, value: (v) => nats(num(v, 'target', (m) => m.rateNats)) },
      { text: 'the two trained models have the same −ELBO to 0.01 nats', holds: (v) => Math.abs(num(v, 'elbo', (m) => m.negElboNats) - num(v, 'target', (m) => m.negElboNats)) < 0.01, value: (v) => nats(Math.abs(num(v, 'elbo', (m) => m.negElboNats) - num(v, 'target', (m) => m.negElboNats)), 4) },
    ],
    annotations: { skew: [{ text: '−ELBO = H: one ELBO, any rate', at: { rateNats: 2, distortionNats: H - 2 }, dx: -20, dy: -50 }], rd: [{ text: 'ELBO: R → 0', modelId: 'elbo', dx: 40, dy: 60 }] },
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
      'The toy data come from two classes $z^*$ with $I(x; z^*) = 0.5$ nats; $I(z; z^*) \\le I(x; z^*)$ measures how much the code knows of the class.',
      'With a free decoder the ELBO model can fit $p^*(x)$ with no code at all, so it keeps almost no rate and its code knows almost nothing of the class: one mixed cluster.',
      'Asking for $R = \\sigma = 0.5$ nats with an encoder that is smooth in $x$ makes codes contiguous in $x$, where the classes are: two clusters in the panels below.',
    ],
    checks: [
      { text: 'ELBO model: I(z; z*) below 0.03 nats', holds: (v) => num(v, 'elbo', (m) => m.classInfoNats) < 0.03, value: (v) => nats(num(v, 'elbo', (m) => m.classInfoNats)) },
      { text: 'σ = 0.5 model: I(z; z*) above 0.25 nats', holds: (v) => num(v, 'target', (m) => m.classInfoNats) > 0.25, value: (v) => nats(num(v, 'target', (m) => m.classInfoNats)) },
      { text: 'the σ = 0.5 model knows more of the class than the ELBO model', holds: (v) => num(v, 'target', (m) => m.classInfoNats) > num(v, 'elbo', (m) => m.classInfoNats) + 0.1 },
    ],
    annotations: { rd: [{ text: 'I(z; z*) ≈ 0', modelId: 'elbo', dx: 40, dy: 70 }, { text: 'two clusters', modelId: 'target', dx: 60, dy: 30 }] },
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
      'Minimising $D + \\beta R$ finds the point of the frontier where its slope is $\\partial D / \\partial R = -\\beta$: the blue line through the selected model. Drag it to change $\\beta$.',
      'On the bound the slope is $-1$, so $\\beta > 1$ models run to the autodecoding corner ($R = 0$) and $\\beta < 1$ models to as much rate as the encoder can give.',
      'This smooth encoder cannot make more than about 2.5 nats of code, so the $\\beta < 1$ models stop there, still on the bound.',
    ],
    checks: [
      { text: 'every β > 1 model ends at R below 0.05 nats', holds: (v) => SWEEP_IDS.slice(8).every((id) => num(v, id, (m) => m.rateNats) < 0.05) },
      { text: 'every β < 1 model keeps more than 2 nats of rate', holds: (v) => SWEEP_IDS.slice(0, 8).every((id) => num(v, id, (m) => m.rateNats) > 2), value: (v) => nats(Math.min(...SWEEP_IDS.slice(0, 8).map((id) => num(v, id, (m) => m.rateNats)))) },
      { text: 'every model is within 0.02 nats of the bound', holds: (v) => SWEEP_IDS.every((id) => boundGap(v, id) < 0.02) },
    ],
    annotations: { rd: [{ text: 'β > 1: autodecoders', at: { rateNats: 0, distortionNats: H }, dx: 40, dy: 20 }, { text: 'β < 1: most rate the encoder allows', at: { rateNats: 2.45, distortionNats: H - 2.45 }, dx: -20, dy: -60 }] },
    panels: [],
  },
  {
    title: 'A powerful decoder ignores z at β = 1',
    source: 'Alemi et al. 2018, §4.1 and Fig. 4 (autodecoder vs autoencoder)',
    query: '?preset=mnist-figure4&seed=1',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'pix-low',
    body: [
      'An autoregressive (PixelCNN-like) decoder can model the digits with no code at all, so at $\\beta = 1$ the ELBO is best near $R = 0$: reconstructions look like samples, not like the input.',
      'With $\\beta = 0.3 < 1$ the same model keeps tens of nats of rate and its reconstructions (input, one decode, mean of 5) look like the input.',
      'An MLP decoder of independent pixels cannot do without $z$, so it keeps rate even at $\\beta = 1$.',
    ],
    checks: [
      { text: 'the PixelCNN β = 1 model keeps less than 5 nats of rate', holds: (v) => num(v, 'pix-elbo', (m) => m.rateNats) < 5, value: (v) => nats(num(v, 'pix-elbo', (m) => m.rateNats), 2) },
      { text: 'the PixelCNN β = 0.3 model keeps more than 10 nats', holds: (v) => num(v, 'pix-low', (m) => m.rateNats) > 10, value: (v) => nats(num(v, 'pix-low', (m) => m.rateNats), 2) },
    ],
    annotations: {},
    panels: ['images', 'curves'],
    note: 'This chapter trains live from scratch: on a 4-core laptop its point takes minutes to appear (no checkpoint is shipped yet).',
  },
  {
    title: 'InfoVAE keeps the code where ELBO drops it',
    source: 'Zhao, Song, Ermon, InfoVAE, §3–4 (information preference) and §5',
    query: '?preset=mnist-infovae&seed=1',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'info',
    body: [
      'InfoVAE minimises $D + (1 - \\alpha) R + (\\alpha + \\lambda - 1)\\,\\mathrm{MMD}(q(z), p(z))$: with $\\alpha = 1$ the per-example rate term is gone and only the aggregate code $q(z)$ is pulled to the prior.',
      'With a PixelCNN decoder ELBO keeps below a nat of code; InfoVAE with $\\lambda = 100$ keeps tens of nats while $q(z)$ still matches $p(z)$ (small MMD²).',
      '$L_{AE}$, the plain autoencoder, keeps all the code it can and leaves $q(z)$ far from the prior.',
    ],
    checks: [
      { text: 'InfoVAE keeps more rate than ELBO by 5 nats', holds: (v) => num(v, 'info', (m) => m.rateNats) > num(v, 'elbo', (m) => m.rateNats) + 5 },
      { text: "InfoVAE's held-out MMD² is below L_AE's", holds: (v) => num(v, 'info', (m) => m.heldOut?.mmd) < num(v, 'lae', (m) => m.heldOut?.mmd) },
    ],
    annotations: {},
    panels: ['images', 'curves'],
    note: 'This chapter trains live from scratch: on a 4-core laptop its point takes minutes to appear (no checkpoint is shipped yet).',
  },
  {
    title: 'A Lagrange multiplier holds a constraint',
    source: 'Zhao, Song, Ermon, The Information-Autoencoding Family, §3–4 (optimised multipliers)',
    query: '?preset=mnist-lagrangian&seed=1',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'sig5',
    body: [
      'Instead of a fixed weight, "minimise $D$ subject to $R = 5$ nats" learns its weight: the multiplier $\\mu_R$ rises while $R$ is too far from 5 and falls back when it is past, by dual ascent $\\mu_R \\leftarrow \\mu_R + \\eta\\,(R - 5)$.',
      'Watch $\\mu_R$ over training settle while $R$ holds its target; a fixed $\\beta$ would need to be tuned by hand for the same point.',
    ],
    checks: [
      { text: 'the R = 5 model holds its rate within 1 nat (batch mean)', holds: (v) => Math.abs(num(v, 'sig5', (m) => m.rateNats) - 5) < 1, value: (v) => nats(num(v, 'sig5', (m) => m.rateNats), 2) },
      { text: 'μ_R has settled: it moved less than 10 % over the last 20 reports', holds: (v) => { const r = lastRows(v, 'sig5', 20); if (r.length < 20) return false; const mus = r.map((x) => x.multipliers[0]); const span = Math.max(...mus) - Math.min(...mus); return span < 0.1 * Math.max(0.1, Math.abs(mus[mus.length - 1] as number)); } },
    ],
    annotations: {},
    panels: ['curves', 'images'],
    note: 'This chapter trains live from scratch: on a 4-core laptop its point takes minutes to appear (no checkpoint is shipped yet).',
  },
  {
    title: 'The two Gaussians: more information, worse likelihood, and the cap that fixes it',
    source: 'Zhao, Song, Ermon, The Information-Autoencoding Family, §4.1',
    query: '?preset=two-gaussians&seed=1',
    speed: null,
    hide: IMAGE_HIDE,
    select: 'low',
    body: [
      'Data: a 1-D mixture of two Gaussians, a 1-D code. With $\\beta = 0.5 < 1$ the model buys mutual information $I_q(x; z)$ at the price of a worse true likelihood $-\\mathbb{E}\\log p(x)$.',
      'Capping the information with the constraint $R \\le 2$ nats keeps $\\beta = 0.5$ from overpaying: the capped model stays at $R \\le 2$.',
    ],
    checks: [
      { text: 'β = 0.5 carries more information than β = 1', holds: (v) => num(v, 'low', (m) => m.miEstimateNats) > num(v, 'elbo', (m) => m.miEstimateNats) + 0.1, value: (v) => nats(num(v, 'low', (m) => m.miEstimateNats), 2) },
      { text: "β = 0.5's true −log p(x) is worse than β = 1's", holds: (v) => num(v, 'low', (m) => m.trueNllNats) > num(v, 'elbo', (m) => m.trueNllNats) + 0.01 },
      { text: 'the capped model holds R ≤ 2 nats (±0.1)', holds: (v) => num(v, 'low-cap', (m) => m.rateNats) < 2.1, value: (v) => nats(num(v, 'low-cap', (m) => m.rateNats), 2) },
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
      'Sixteen models each hold a target rate $\\sigma \\in [0, H]$ with a learned multiplier. Below about 2.5 nats every one lands on the bound $D = H - R$ at its $\\sigma$: a target rate chooses where on the frontier a model sits, which $\\beta$ alone cannot do on a straight frontier.',
      'Above that the smooth encoder cannot make a code of $\\sigma$ nats without losing distortion, so those models leave the bound.',
    ],
    checks: [
      { text: 'targets up to 2 nats: R within 0.02 nats of σ', holds: (v) => Array.from({ length: 10 }, (_, i) => `s${i}`).every((id) => Math.abs(num(v, id, (m) => m.rateNats - m.targetRateNats)) < 0.02) },
      { text: 'targets up to 2 nats: on the bound within 0.02 nats', holds: (v) => Array.from({ length: 10 }, (_, i) => `s${i}`).every((id) => boundGap(v, id) < 0.02) },
      { text: 'the highest target (σ = H) is off the bound by more than 0.1 nats', holds: (v) => boundGap(v, 's15') > 0.1, value: (v) => nats(boundGap(v, 's15')) },
    ],
    annotations: { rd: [{ text: 'σ > 2.5: off the bound', modelId: 's15', dx: -20, dy: -40 }] },
    panels: [],
  },
];
