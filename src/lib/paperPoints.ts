/**
 * Published numbers to draw beside ours: Alemi et al. 2018 ("Fixing a Broken ELBO", §4.1, the
 * Figure 4 text; Information-theoretic analysis and Broken ELBO), static binarized MNIST, the −+v family (MLP
 * encoder, PixelCNN decoder, VampPrior marginal), R and D in nats on the test set. Their architecture and budget
 * differ from ours (README, MNIST).
 */
export interface PaperPoint {
  beta: number;
  rateNats: number;
  distortionNats: number;
}

export const PAPER_SOURCE = 'Alemi et al. 2018, §4.1 (Fig. 4), −+v on static binarized MNIST';

export const PAPER_MINUS_PLUS_V: readonly PaperPoint[] = [
  { beta: 1.1, rateNats: 0.0004, distortionNats: 80.6 },
  { beta: 1.0, rateNats: 6.2, distortionNats: 74.1 },
  { beta: 0.15, rateNats: 120.3, distortionNats: 8.1 },
  { beta: 0.05, rateNats: 156, distortionNats: 4.8 },
];
