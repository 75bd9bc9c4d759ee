/**
 * The two-Gaussians chapter (Zhao, Song, Ermon, §4.1): with β < 1 information grows while the
 * true likelihood gets worse, and a cap on the rate fixes it.
 */
import { IMAGE_HIDE, type Chapter } from './chapter';
import { nats, num, type LessonView } from './checks';

/** How far a 1-D model's latest true −log p(x) is above the lowest it had reached before, nats. */
function nllRise(v: LessonView, id: string): number {
  const nll = (v.models[id]?.series ?? []).flatMap((r) => (r.nllNats === undefined ? [] : [r.nllNats]));
  if (nll.length < 2) return Number.NaN;
  return (nll[nll.length - 1] as number) - Math.min(...nll.slice(0, -1));
}

/** Chapter 8: more information, worse likelihood, and the cap that fixes it. */
export const TWO_GAUSSIANS_CHAPTER: Chapter = {
  title: 'The two Gaussians: more information, worse likelihood, and the cap that fixes it',
  source: 'Zhao, Song, Ermon, The Information-Autoencoding Family, §4.1',
  query: '?preset=two-gaussians&seed=1',
  speed: null,
  hide: IMAGE_HIDE,
  select: 'low',
  body: [
    'Data: $q(x) = \\tfrac12\\mathcal{N}(-1, \\tfrac14) + \\tfrac12\\mathcal{N}(1, \\tfrac14)$, a 1-D code, ' +
      'Gaussian encoder and decoder (§4.1).',
    'With $\\beta < 1$ the mutual information $I_q(x;z)$ grows while the true $-\\mathbb{E}\\log p(x)$ gets worse: ' +
      'a fixed multiplier below 1 keeps paying for information (§4.1).',
    "An upper bound on the information fixes it; here the cap is $R \\le 2$ nats (the app's choice: the paper " +
      'gives no numbers), and the capped model ends with the likelihood of $\\beta = 1$ and more information.',
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
};
