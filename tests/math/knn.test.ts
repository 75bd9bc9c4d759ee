import { describe, expect, it } from 'vitest';
import { nearestNeighbourAccuracy } from '../../src/math/knn';

describe('1-NN accuracy of latent codes', () => {
  it('separable clusters → 1; codes that carry no class → chance; unlabelled skipped', () => {
    const train = [0, 0, 10, 10, 0, 1, 10, 9];
    const trainLabels = [0, 1, 0, 1];
    expect(nearestNeighbourAccuracy({ train, trainLabels, test: [0.5, 0.2, 9, 9.5], testLabels: [0, 1], dim: 2 })).toBe(
      1,
    );
    expect(nearestNeighbourAccuracy({ train, trainLabels, test: [0.5, 0.2, 9, 9.5], testLabels: [1, 0], dim: 2 })).toBe(
      0,
    );
    // Collapsed codes (all equal): the first labelled neighbour wins every time.
    const zeros = new Array(20).fill(0);
    const labels = Array.from({ length: 10 }, (_, i) => i % 2);
    expect(
      nearestNeighbourAccuracy({ train: zeros, trainLabels: labels, test: zeros, testLabels: labels, dim: 2 }),
    ).toBe(0.5);
    expect(
      nearestNeighbourAccuracy({ train, trainLabels: [255, 1, 255, 1], test: [0, 0], testLabels: [1], dim: 2 }),
    ).toBe(1);
    expect(
      nearestNeighbourAccuracy({ train, trainLabels: [255, 255, 255, 255], test: [0, 0], testLabels: [1], dim: 2 }),
    ).toBeNaN();
  });
});
