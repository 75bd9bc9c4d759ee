/**
 * The image trainer's held-out measurements: while training runs they are spread over the reports
 * (one model's per report, the most overdue, and only once its batch point has been reported, so that
 * the first points reach the plane at once); a complete read (paused, or a single step) takes every due one.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import type { ExperimentConfig, ModelSpec } from '../../src/lib/experiment';
import type { HeldOutNumbers } from '../../src/lib/metrics';
import { HeldOutSchedule } from '../../src/worker/trainers/heldOutSchedule';
import { ImageTrainer } from '../../src/worker/trainers/imageTrainer';
import { images, tiny } from '../model/vaeFixtures';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
});

const spec = (id: string, beta: number): ModelSpec => ({
  id,
  label: '',
  kind: 'trained',
  objective: { ...DEFAULT_OBJECTIVE, kind: 'beta', beta },
  arch: tiny('-', '-', '-'),
});

describe('held-out measurements of the image trainer', () => {
  it('spread over the reports while training, all at once when the read is complete', async () => {
    const data = images(28);
    const experiment: ExperimentConfig = {
      dataset: 'mnist',
      family: 'tabular',
      seed: 1,
      learningRate: 1e-3,
      batchSize: 8,
      iwaeSamples: 2,
      models: [spec('a', 0.3), spec('b', 1), spec('c', 3)],
    };
    const t = new ImageTrainer(experiment, data.set, () => undefined);
    const held = async (complete = false) =>
      (await t.read(new Set(), complete)).models.map((m) => m.metrics.heldOut !== undefined);
    t.train(2);
    // The first read after training started: every batch point, no held-out numbers yet.
    expect(await held()).toEqual([false, false, false]);
    expect(await held()).toEqual([true, false, false]);
    expect(await held()).toEqual([true, true, false]);
    expect(await held()).toEqual([true, true, true]);
    // Paused (complete reads): the first shows the batch points and asks for another read, which measures them all.
    const t2 = new ImageTrainer(experiment, data.set, () => undefined);
    t2.train(1);
    const first = await t2.read(new Set(), true);
    expect(first.models.map((m) => m.metrics.heldOut !== undefined)).toEqual([false, false, false]);
    expect(first.again).toBe(true);
    const second = await t2.read(new Set(), true);
    expect(second.models.map((m) => m.metrics.heldOut !== undefined)).toEqual([true, true, true]);
    expect(second.again).toBe(false);
    t.dispose();
    t2.dispose();
    data.dispose();
  });
});

describe('held-out schedule', () => {
  it('measures the most overdue model first, so that none waits behind one that is due at every report', () => {
    const s = new HeldOutSchedule();
    const numbers = (step: number) => ({ step }) as unknown as HeldOutNumbers;
    s.set('a', numbers(0));
    s.set('b', numbers(0));
    /** Start a report over [id, step, reported] models; which of them it measures. */
    const chosen = (models: [string, number, boolean][], complete = false): boolean[] => {
      s.startReport(
        models.map(([id, step, reported]) => ({ id, step, reported })),
        complete,
      );
      return models.map(([id]) => s.measures(id));
    };
    // 'a' has moved further since its last measurement than 'b', but 'b' has waited: 'a' is chosen now, 'b' next.
    expect(
      chosen([
        ['a', 600, true],
        ['b', 300, true],
      ]),
    ).toEqual([true, false]);
    s.set('a', numbers(600));
    expect(
      chosen([
        ['a', 900, true],
        ['b', 600, true],
      ]),
    ).toEqual([false, true]);
    // Never measured, with a batch point on the plane: before any re-measurement; a complete report takes all of
    // those, and leaves the ones not on the plane yet for the next read.
    expect(
      chosen([
        ['a', 2000, true],
        ['c', 1, true],
        ['d', 1, false],
      ]),
    ).toEqual([false, true, false]);
    expect(
      chosen(
        [
          ['a', 2000, true],
          ['d', 1, false],
        ],
        true,
      ),
    ).toEqual([true, false]);
    expect(s.leftForNextRead).toBe(true);
    expect(
      chosen(
        [
          ['a', 2000, true],
          ['d', 1, true],
        ],
        true,
      ),
    ).toEqual([true, true]);
    expect(s.leftForNextRead).toBe(false);
  });
});
