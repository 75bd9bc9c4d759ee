/**
 * A WorkerHost for Node tests (cpu backend, in-memory storage, stub benchmarks) and small stroke images to train on.
 */
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { splitImages, type BinaryImageSet } from '../../src/data/binaryImages';
import { WorkerHost, type HostDeps } from '../../src/worker/host';
import type { FromWorker } from '../../src/worker/protocol';
import { MemoryStorage } from '../../src/worker/saved/storage';

/**
 * A host whose storage can load `images` (the user's own); `extra` adds or replaces dependencies (a pool's pool worker
 * workers).
 */
export function testHost(images: BinaryImageSet | null = null, extra: Partial<HostDeps> = {}) {
  const messages: FromWorker[] = [];
  /** performance.now() when each message was posted (same index as messages). */
  const postedAt: number[] = [];
  const storage = Object.assign(new MemoryStorage(), { loadImages: async () => images, saveImages: async () => {} });
  const h = new WorkerHost({
    post: (m) => {
      messages.push(m);
      postedAt.push(performance.now());
    },
    storage,
    selfHref: 'http://localhost/',
    chooseBackend: async () => ({
      backend: 'cpu',
      reason: 'test',
      adapter: null,
      timings: [],
      provisional: false,
      probe: [],
      situation: 'test',
    }),
    ...extra,
  });
  const last = <T extends FromWorker['type']>(type: T) =>
    messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
  return { h, messages, postedAt, last };
}

/** n images of one vertical stroke each (column 4 + k mod 20), the first 32 for training. */
export function strokeImages(n: number): BinaryImageSet {
  const pixels = new Uint8Array(n * 784);
  for (let k = 0; k < n; k++) for (let p = 0; p < 784; p++) pixels[k * 784 + p] = p % 28 === (k % 20) + 4 ? 1 : 0;
  return splitImages({
    pixels,
    labels: Uint8Array.from({ length: n }, (_, k) => k % 10),
    width: 28,
    height: 28,
    trainCount: 32,
    seed: 1,
  });
}

/** An image β sweep of tiny VAEs on the user's own images (fast enough for unit tests). */
export const TINY_IMAGES = {
  ...DEFAULT_SETTINGS,
  preset: 'mnist-beta-sweep' as const,
  images: 'custom' as const,
  arch: { ...DEFAULT_SETTINGS.arch, latentDim: 3, hidden: 16 },
  batchSize: 4,
  learningRate: 1e-3,
};
