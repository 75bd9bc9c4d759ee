/**
 * Binarised 28×28 image sets as a compact binary asset, and the split into train / validation /
 * test. Pure TypeScript (no tfjs, no DOM): used by the build step, the worker, the CLI and tests.
 *
 * Asset layout (little-endian):
 *   bytes 0–3   magic "RDBI"
 *   u32 version (2), u32 count N, u32 width, u32 height, u32 trainCount, u32 splitSeed,
 *   u32 testCount, u32 binariseSeed (0: thresholded at 0.5; else the seed of the Bernoulli draws)
 *   N bytes     labels (0–255; 255 = unlabelled), in stored order: train, validation, test
 *   N·⌈W·H/8⌉   pixels, 1 bit each, row-major, most significant bit first
 * Version 1 (the same without the last two header fields) still decodes, with no test set.
 */
import { mulberry32 } from '../math/rng';

export const ASSET_MAGIC = 'RDBI';
export const ASSET_VERSION = 2;
const HEADER_BYTES = { 1: 28, 2: 36 } as const;
/** Label stored for images without one (the user's own files). */
export const NO_LABEL = 255;
/** Larger assets are refused when decoding (a hostile or corrupt file). */
export const MAX_ASSET_IMAGES = 100_000;

/** A set of binary images in memory, one byte (0 or 1) per pixel. */
export interface BinaryImageSet {
  width: number;
  height: number;
  /** [count · width · height], 0 or 1. */
  pixels: Uint8Array;
  /** [count], NO_LABEL where unknown. */
  labels: Uint8Array;
  /**
   * Images [0, trainCount) are the training set, the last `testCount` the test set (0 or absent:
   * none), the ones between the validation set (held-out metrics while training).
   */
  trainCount: number;
  testCount?: number;
  splitSeed: number;
  /** Seed of the one Bernoulli draw per pixel (static binarisation); absent: thresholded at 0.5. */
  binariseSeed?: number;
}

/** Images of the validation set (between the training and the test images). */
export function validationCount(set: BinaryImageSet): number {
  return imageCount(set) - set.trainCount - (set.testCount ?? 0);
}

export function imageCount(set: BinaryImageSet): number {
  return set.labels.length;
}

/** Static binarisation: 1 where the grey level (0–1) is above the threshold. */
export function binarise(grey: ArrayLike<number>, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) out[i] = (grey[i] as number) > threshold ? 1 : 0;
  return out;
}

/**
 * Static binarisation (Larochelle & Murray 2011): each pixel drawn once, 1 with probability
 * grey / 255. Grey levels [count · size] (0–255, as in the IDX files); image k (counted from
 * `firstIndex`) draws its pixels in row-major order from mulberry32(seed + k), so any image's
 * draw can be recomputed on its own.
 */
export function bernoulliBinarise(grey: Uint8Array, size: number, seed: number, firstIndex = 0): Uint8Array {
  const out = new Uint8Array(grey.length);
  for (let k = 0; k * size < grey.length; k++) {
    const rand = mulberry32((seed + firstIndex + k) >>> 0);
    for (let p = k * size; p < (k + 1) * size; p++) out[p] = rand() < (grey[p] as number) / 255 ? 1 : 0;
  }
  return out;
}

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function seededPermutation(n: number, seed: number): Uint32Array {
  const rand = mulberry32(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

/**
 * Shuffle images (pixels [n·W·H] of 0/1, labels [n]) with a seeded permutation and keep the
 * first `trainCount` as the training set. With `testCount`, the last testCount images are a test
 * set kept in their order and only the others are shuffled (train, then validation).
 */
export function splitImages(opts: {
  pixels: Uint8Array;
  labels: Uint8Array;
  width: number;
  height: number;
  trainCount: number;
  seed: number;
  testCount?: number;
}): BinaryImageSet {
  const n = opts.labels.length;
  const size = opts.width * opts.height;
  const testCount = opts.testCount ?? 0;
  const shuffled = n - testCount;
  if (opts.pixels.length !== n * size) throw new Error(`expected ${n * size} pixels, got ${opts.pixels.length}`);
  if (!(opts.trainCount > 0 && opts.trainCount < shuffled))
    throw new Error(`train count ${opts.trainCount} must be inside (0, ${shuffled})`);
  const perm = seededPermutation(shuffled, opts.seed);
  const pixels = new Uint8Array(n * size);
  const labels = new Uint8Array(n);
  perm.forEach((src, dst) => {
    pixels.set(opts.pixels.subarray(src * size, (src + 1) * size), dst * size);
    labels[dst] = opts.labels[src] as number;
  });
  pixels.set(opts.pixels.subarray(shuffled * size), shuffled * size);
  labels.set(opts.labels.subarray(shuffled), shuffled);
  return {
    width: opts.width,
    height: opts.height,
    pixels,
    labels,
    trainCount: opts.trainCount,
    testCount,
    splitSeed: opts.seed,
  };
}

/** Encode a set as the asset described in the file comment. */
export function encodeAsset(set: BinaryImageSet): Uint8Array {
  const n = imageCount(set);
  const size = set.width * set.height;
  const rowBytes = Math.ceil(size / 8);
  const header = HEADER_BYTES[ASSET_VERSION];
  const out = new Uint8Array(header + n + n * rowBytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = ASSET_MAGIC.charCodeAt(i);
  [
    ASSET_VERSION,
    n,
    set.width,
    set.height,
    set.trainCount,
    set.splitSeed,
    set.testCount ?? 0,
    set.binariseSeed ?? 0,
  ].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  out.set(set.labels, header);
  const base = header + n;
  for (let k = 0; k < n; k++) {
    for (let p = 0; p < size; p++) {
      if (set.pixels[k * size + p])
        out[base + k * rowBytes + (p >> 3)] = (out[base + k * rowBytes + (p >> 3)] as number) | (0x80 >> (p & 7));
    }
  }
  return out;
}

/** Decode an asset; throws an Error with a readable message when it is not a valid one. */
export function decodeAsset(bytes: Uint8Array): BinaryImageSet {
  if (bytes.length < HEADER_BYTES[1]) throw new Error('the image asset is too short');
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== ASSET_MAGIC) throw new Error('not an image asset (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== 1 && version !== 2)
    throw new Error(`image asset version ${version} is not supported (expected ${ASSET_VERSION})`);
  const header = HEADER_BYTES[version];
  if (bytes.length < header) throw new Error('the image asset is too short');
  const fields = Array.from({ length: (header - 4) / 4 }, (_, i) => view.getUint32(4 + 4 * i, true));
  const [, n, width, height, trainCount, splitSeed, testCount = 0, binariseSeed = 0] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
    number?,
    number?,
  ];
  if (n < 2 || n > MAX_ASSET_IMAGES || width < 1 || width > 64 || height < 1 || height > 64)
    throw new Error('image asset has implausible dimensions');
  if (!(trainCount > 0 && testCount >= 0 && trainCount + testCount < n))
    throw new Error('image asset has an invalid split');
  const size = width * height;
  const rowBytes = Math.ceil(size / 8);
  if (bytes.length !== header + n + n * rowBytes) throw new Error('image asset length does not match its header');
  const labels = bytes.slice(header, header + n);
  const pixels = new Uint8Array(n * size);
  const base = header + n;
  for (let k = 0; k < n; k++) {
    for (let p = 0; p < size; p++)
      pixels[k * size + p] = (bytes[base + k * rowBytes + (p >> 3)] as number) & (0x80 >> (p & 7)) ? 1 : 0;
  }
  return { width, height, pixels, labels, trainCount, testCount, splitSeed, ...(binariseSeed ? { binariseSeed } : {}) };
}
