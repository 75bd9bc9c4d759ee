/**
 * The semi-supervised probe of InfoVAE Figure 3E, in plain numbers: how well a simple classifier
 * reads the class from latent codes. A 1-nearest-neighbour classifier (Euclidean) built from a
 * few labelled codes; its accuracy on labelled test codes. Unlabelled entries (label ≥ classes)
 * are skipped on both sides.
 */

/**
 * Accuracy ∈ [0, 1] of 1-NN on `test` codes [m·L] given labelled `train` codes [n·L], both
 * flattened row-major with L = dim. NaN when either side has no labelled code.
 */
export function nearestNeighbourAccuracy(opts: {
  train: ArrayLike<number>;
  trainLabels: ArrayLike<number>;
  test: ArrayLike<number>;
  testLabels: ArrayLike<number>;
  dim: number;
  unlabelled?: number;
}): number {
  const { train, trainLabels, test, testLabels, dim } = opts;
  const skip = opts.unlabelled ?? 255;
  const n = trainLabels.length;
  const m = testLabels.length;
  let correct = 0;
  let counted = 0;
  let anyTrain = false;
  for (let i = 0; i < n; i++) if (trainLabels[i] !== skip) anyTrain = true;
  if (!anyTrain) return Number.NaN;
  for (let j = 0; j < m; j++) {
    if (testLabels[j] === skip) continue;
    let best = Number.POSITIVE_INFINITY;
    let label = -1;
    for (let i = 0; i < n; i++) {
      if (trainLabels[i] === skip) continue;
      let d = 0;
      for (let k = 0; k < dim; k++) {
        const diff = (test[j * dim + k] as number) - (train[i * dim + k] as number);
        d += diff * diff;
      }
      if (d < best) {
        best = d;
        label = trainLabels[i] as number;
      }
    }
    counted++;
    if (label === testLabels[j]) correct++;
  }
  return counted === 0 ? Number.NaN : correct / counted;
}
