/** The experiment's constants and small rules (lib/experiment.ts). */
import { describe, expect, it } from 'vitest';
import {
  DATASETS,
  DEFAULT_IMAGE_LEARNING_RATE,
  DEFAULT_LEARNING_RATE,
  DEFAULT_SETTINGS,
  defaultLearningRate,
  PRESET_LABELS,
  PRESETS,
  presetDataset,
} from '../../src/lib/experiment';

describe('presets and their data', () => {
  it('mnist-* presets train on images, two-gaussians on the 1-D mixture, every other preset on the toy', () => {
    const want: Record<string, string> = {
      figure2: 'toy',
      'beta-sweep': 'toy',
      'sigma-sweep': 'toy',
      single: 'toy',
      'dense-beta': 'toy',
      'dense-sigma': 'toy',
      'two-gaussians': 'gauss',
    };
    for (const p of PRESETS) expect(presetDataset(p), p).toBe(want[p] ?? (p.startsWith('mnist') ? 'mnist' : '?'));
    expect(PRESETS.filter((p) => presetDataset(p) === 'mnist').length).toBe(7);
  });

  it('every preset has a label; every dataset is some preset’s', () => {
    for (const p of PRESETS) expect(PRESET_LABELS[p].length).toBeGreaterThan(0);
    expect(new Set(PRESETS.map(presetDataset))).toEqual(new Set(DATASETS));
  });

  it('the toy’s default learning rate is its own; images and the 1-D mixture share the image one', () => {
    expect(defaultLearningRate('toy')).toBe(DEFAULT_LEARNING_RATE);
    expect(defaultLearningRate('mnist')).toBe(DEFAULT_IMAGE_LEARNING_RATE);
    expect(defaultLearningRate('gauss')).toBe(DEFAULT_IMAGE_LEARNING_RATE);
    expect(DEFAULT_SETTINGS.learningRate).toBe(defaultLearningRate(presetDataset(DEFAULT_SETTINGS.preset)));
  });
});
