/**
 * The lesson's shipped checkpoints: each decodes as a run file, rebuilds in the worker's session
 * (weights only: Adam starts afresh), restores at its step and trains on. If the model code
 * changes shape, this fails: make the checkpoint again with tests/bench/make-checkpoint.ts.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureImageAsset } from '../../src/cli/buildMnist';
import { decodeAsset } from '../../src/data/binaryImages';
import { CHAPTERS } from '../../src/lesson/chapters';
import { decodeRunFile } from '../../src/lib/runFile';
import { isValidSettings } from '../../src/state/url';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/session/session';
import { MemoryStorage } from '../../src/worker/saved/storage';

// wasm, as in the app: the held-out evaluation of restored PixelCNN runs takes minutes on the cpu backend.
beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
});

describe('shipped checkpoints', () => {
  for (const [i, ch] of CHAPTERS.entries()) {
    if (!ch.checkpoint) continue;
    it(`chapter ${i + 1}: ${ch.checkpoint} decodes, restores paused at its step without optimiser state, and trains on`, async () => {
      const text = readFileSync(`public/checkpoints/${ch.checkpoint}`, 'utf8');
      expect(text.length).toBeLessThan(5_000_000); // weights only: 1–4 MB
      const decoded = decodeRunFile(text, isValidSettings);
      if ('error' in decoded) throw new Error(decoded.error);
      const { file } = decoded;
      const record = file.record as Extract<ToWorker, { type: 'import-run' }>['record'];
      if (record.snapshot.kind !== 'image') throw new Error('not an image run');
      expect(record.snapshot.runs.every((r) => r.adamM.length === 0 && r.adamV.length === 0)).toBe(true);
      const messages: FromWorker[] = [];
      const set = decodeAsset(ensureImageAsset('mnist'));
      const s = new TrainingSession(
        (m) => messages.push(m),
        () => performance.now(),
        new MemoryStorage(),
        async () => set,
      );
      expect(await s.saves.importRun(file.experiment, record)).toBeNull();
      expect(await s.configure(file.experiment, true)).toBe(true);
      expect(s.step).toBe(record.snapshot.step);
      await s.stepOnce(2);
      const last = messages.filter((m): m is Extract<FromWorker, { type: 'report' }> => m.type === 'report').at(-1);
      expect(last?.step).toBe(record.snapshot.step + 2);
      expect(
        last?.models.every((m) => Number.isFinite(m.metrics.rateNats) && Number.isFinite(m.metrics.distortionNats)),
      ).toBe(true);
      s.dispose();
    }, 120_000);
  }
});
