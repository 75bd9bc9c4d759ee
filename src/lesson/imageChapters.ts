/**
 * The chapters on trained image models (MNIST, from checkpoints): a powerful decoder that ignores
 * z, InfoVAE's information preference, and a Lagrange multiplier that holds a rate.
 */
import { IMAGE_HIDE, type Chapter } from './chapter';
import { lastRows, nats, num } from './checks';

/** Chapter 5: a PixelCNN decoder at β = 1 is an autodecoder; β = 0.3 and an MLP decoder keep rate. */
export const POWERFUL_DECODER_CHAPTER: Chapter = {
  title: 'A powerful decoder ignores z at β = 1',
  source: 'Alemi et al. 2018, §4.1 and Fig. 4 (autodecoder vs autoencoder)',
  query: '?preset=mnist-figure4&hidden=64&zdim=8&batch=32&seed=1&images=mnist',
  checkpoint: 'chapter-5.json',
  speed: null,
  hide: IMAGE_HIDE,
  select: 'pix-low',
  body: [
    'An autoregressive (PixelCNN) decoder can model the digits on its own: at $\\beta = 1$ its code is nearly ' +
      'independent of the input (Fig. 4c).',
    'Decode one $z$ several times (input, one decode, mean of 5; click a point for its grid): for such an ' +
      'autodecoder the decodes look like fresh samples, not like the input.',
    'With $\\beta = 0.3 < 1$ the same model keeps rate and reconstructs the input (Fig. 4a). An MLP decoder of ' +
      'independent pixels needs $z$, so it keeps rate even at $\\beta = 1$.',
  ],
  checks: [
    {
      text: 'the PixelCNN β = 1 model: held-out R below 1 nat',
      holds: (v) => num(v, 'pix-elbo', (m) => m.heldOut?.heldOutRateNats) < 1,
      value: (v) =>
        nats(
          num(v, 'pix-elbo', (m) => m.heldOut?.heldOutRateNats),
          2,
        ),
    },
    {
      text: 'the PixelCNN β = 0.3 model: held-out R above 10 nats and D at least 5 nats below β = 1’s',
      holds: (v) =>
        num(v, 'pix-low', (m) => m.heldOut?.heldOutRateNats) > 10 &&
        num(v, 'pix-elbo', (m) => m.heldOut?.heldOutDistortionNats) -
          num(v, 'pix-low', (m) => m.heldOut?.heldOutDistortionNats) >=
          5,
      value: (v) =>
        nats(
          num(v, 'pix-low', (m) => m.heldOut?.heldOutRateNats),
          2,
        ),
    },
    {
      text: 'the MLP decoder at β = 1 keeps held-out R above 10 nats',
      holds: (v) => num(v, 'mlp-elbo', (m) => m.heldOut?.heldOutRateNats) > 10,
      value: (v) =>
        nats(
          num(v, 'mlp-elbo', (m) => m.heldOut?.heldOutRateNats),
          2,
        ),
    },
  ],
  annotations: {},
  panels: ['images'],
  note: 'Starts from a checkpoint (1,500 steps, seed 1; see the README) and trains on live.',
};

/** Chapter 6: InfoVAE keeps the code that ELBO drops (the information preference problem). */
export const INFOVAE_CHAPTER: Chapter = {
  title: 'InfoVAE keeps the code where ELBO drops it',
  source: 'Zhao, Song, Ermon, InfoVAE, §3–4 (information preference) and §5',
  query: '?preset=mnist-infovae&hidden=64&zdim=8&batch=32&seed=1&images=mnist',
  checkpoint: 'chapter-6.json',
  speed: null,
  hide: IMAGE_HIDE,
  select: 'info',
  body: [
    'If the decoder alone can fit the data, an unused code already gives the best ELBO, so nothing rewards using ' +
      '$z$: the information preference problem (InfoVAE §2).',
    'InfoVAE minimises $D + (1 - \\alpha) R + (\\alpha + \\lambda - 1)\\,\\mathrm{MMD}(q(z), p(z))$; with $\\alpha ' +
      '= 1$ the per-example rate term is gone and only the aggregate code $q(z)$ is pulled to the prior (§4.1.3).',
    'With a PixelCNN decoder ELBO keeps below a nat of code; InfoVAE ($\\lambda = 100$) keeps several times more ' +
      'with a small MMD²; $L_{AE}$ keeps all it can and leaves $q(z)$ far from $p(z)$.',
  ],
  checks: [
    {
      text: 'ELBO: held-out R below 2 nats',
      holds: (v) => num(v, 'elbo', (m) => m.heldOut?.heldOutRateNats) < 2,
      value: (v) =>
        nats(
          num(v, 'elbo', (m) => m.heldOut?.heldOutRateNats),
          2,
        ),
    },
    {
      text: 'InfoVAE: held-out R above 2 nats and 4× ELBO’s',
      holds: (v) => {
        const r = num(v, 'info', (m) => m.heldOut?.heldOutRateNats);
        return r > 2 && r > 4 * num(v, 'elbo', (m) => m.heldOut?.heldOutRateNats);
      },
      value: (v) =>
        nats(
          num(v, 'info', (m) => m.heldOut?.heldOutRateNats),
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
};

/** Chapter 7: an optimised multiplier μ_R holds R = σ, and settles at the slope of the frontier there. */
export const LAGRANGE_CHAPTER: Chapter = {
  title: 'A Lagrange multiplier holds a constraint',
  source: 'Zhao, Song, Ermon, The Information-Autoencoding Family, §3–4 (optimised multipliers)',
  query: '?preset=mnist-lagrangian&hidden=64&zdim=8&seed=1&images=mnist',
  checkpoint: 'chapter-7.json',
  speed: null,
  hide: IMAGE_HIDE,
  select: 'sig5',
  body: [
    'To minimise $D$ subject to $R = \\sigma$, train on $D + \\mu_R (R - \\sigma)$; the multiplier rises while $R ' +
      '> \\sigma$ and falls while $R < \\sigma$: $\\mu_R \\leftarrow \\mu_R + \\eta (R - \\sigma)$.',
    'The Lagrangian-family paper stresses that the multipliers should be optimised, while most objectives fix them ' +
      '(§2.4, §4.1).',
    'Once $R$ settles at $\\sigma$, $\\mu_R = -\\partial D/\\partial R$ there: the β whose tangent touches the ' +
      'frontier at $R = \\sigma$. A lower target sits where the curve is steeper, so it needs a larger multiplier.',
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
        const rateMultipliers = r.map((x) => x.multipliers[0]);
        const span = Math.max(...rateMultipliers) - Math.min(...rateMultipliers);
        return span < 0.1 * Math.max(0.1, Math.abs(rateMultipliers[rateMultipliers.length - 1] as number));
      },
    },
  ],
  annotations: {},
  panels: ['curves'],
  note: 'Starts from a checkpoint (1,500 steps, seed 1; see the README) and trains on live.',
};
