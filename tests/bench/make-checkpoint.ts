/**
 * Makes a lesson chapter's checkpoint: trains the chapter's experiment (its URL query, seed
 * included) in Node with the app's own worker code, then writes a weights-only run file (no Adam
 * moments: the app starts its optimiser afresh) to public/checkpoints/chapter-N.json.
 *
 *   npx tsx tests/bench/make-checkpoint.ts 7 1500     # chapter 7, 1,500 steps (wasm)
 *
 * It then prints each model's last batch and held-out numbers (nats), to check the chapter's checks.
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ensureImageAsset } from '../../src/cli/buildMnist';
import { decodeAsset } from '../../src/data/binaryImages';
import { CHAPTERS } from '../../src/lesson/chapters';
import { buildExperiment } from '../../src/lib/presets';
import { encodeRunFile } from '../../src/lib/runFile';
import { parseUrl } from '../../src/state/url';
import { TrainingSession } from '../../src/worker/session/session';
import { MemoryStorage } from '../../src/worker/saved/storage';
import type { FromWorker } from '../../src/worker/protocol';

const n = Number(process.argv[2]);
const steps = Number(process.argv[3] ?? 1500);
const chapter = CHAPTERS[n - 1];
if (!chapter?.checkpoint) throw new Error(`chapter ${n} has no checkpoint file named`);
await tf.setBackend('wasm');
await tf.ready();
const { state } = parseUrl(chapter.query);
const { config } = buildExperiment(state.settings);
const set = decodeAsset(ensureImageAsset('mnist'));
let last: FromWorker | null = null;
const session = new TrainingSession(
  (m) => {
    if (m.type === 'report') last = m;
  },
  () => performance.now(),
  new MemoryStorage(),
  async () => set,
);
await session.configure(config);
const t0 = performance.now();
while (session.step < steps) await session.stepOnce(Math.min(250, steps - session.step));
const record = await session.saves.currentRecord();
if (!record || record.snapshot.kind !== 'image') throw new Error('no image run to save');
const snapshot = { ...record.snapshot, runs: record.snapshot.runs.map((r) => ({ ...r, adamM: [], adamV: [] })) };
const text = encodeRunFile(state.settings, session.config ?? config, {
  savedAt: Date.now(),
  snapshot,
  histories: record.histories,
});
const path = `public/checkpoints/${chapter.checkpoint}`;
writeFileSync(path, text);
console.log(
  JSON.stringify({
    chapter: n,
    steps: session.step,
    seconds: Math.round((performance.now() - t0) / 1000),
    path,
    bytes: text.length,
  }),
);
// The held-out numbers the chapter's checks read, as the last report gave them.
const report = last as FromWorker | null;
if (report?.type === 'report') {
  for (const m of report.models) {
    const h = m.metrics.heldOut;
    console.log(
      JSON.stringify({
        id: m.id,
        rate: m.metrics.rateNats,
        distortion: m.metrics.distortionNats,
        heldOut: h ? { step: h.step, rate: h.heldOutRateNats, distortion: h.heldOutDistortionNats, mmd: h.mmd } : null,
      }),
    );
  }
}
session.dispose();
