/**
 * Binarised 28×28 image sets as a compact binary asset, and the split into train / test.
 * Pure TypeScript (no tfjs, no DOM): used by the build step, the worker, the CLI and tests.
 *
 * Asset layout (little-endian):
 *   bytes 0–3   magic "RDBI"
 *   u32 version (1), u32 count N, u32 width, u32 height, u32 trainCount, u32 splitSeed
 *   N bytes     labels (0–255; 255 = unlabelled), in stored order: train first, then test
 *   N·⌈W·H/8⌉   pixels, 1 bit each, row-major, most significant bit first
 */
import { mulberry32 } from '../math/rng';

export const ASSET_MAGIC = 'RDBI';
export const ASSET_VERSION = 1;
const HEADER_BYTES = 28;
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
  /** Images [0, trainCount) are the training set, the rest the test set. */
  trainCount: number;
  splitSeed: number;
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
 * first `trainCount` as the training set.
 */
export function splitImages(opts: { pixels: Uint8Array; labels: Uint8Array; width: number; height: number; trainCount: number; seed: number }): BinaryImageSet {
  const n = opts.labels.length;
  const size = opts.width * opts.height;
  if (opts.pixels.length !== n * size) throw new Error(`expected ${n * size} pixels, got ${opts.pixels.length}`);
  if (!(opts.trainCount > 0 && opts.trainCount < n)) throw new Error(`train count ${opts.trainCount} must be inside (0, ${n})`);
  const perm = seededPermutation(n, opts.seed);
  const pixels = new Uint8Array(n * size);
  const labels = new Uint8Array(n);
  perm.forEach((src, dst) => {
    pixels.set(opts.pixels.subarray(src * size, (src + 1) * size), dst * size);
    labels[dst] = opts.labels[src] as number;
  });
  return { width: opts.width, height: opts.height, pixels, labels, trainCount: opts.trainCount, splitSeed: opts.seed };
}

/** Encode a set as the asset described in the file comment. */
export function encodeAsset(set: BinaryImageSet): Uint8Array {
  const n = imageCount(set);
  const size = set.width * set.height;
  const rowBytes = Math.ceil(size / 8);
  const out = new Uint8Array(HEADER_BYTES + n + n * rowBytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = ASSET_MAGIC.charCodeAt(i);
  [ASSET_VERSION, n, set.width, set.height, set.trainCount, set.splitSeed].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  out.set(set.labels, HEADER_BYTES);
  const base = HEADER_BYTES + n;
  for (let k = 0; k < n; k++) {
    for (let p = 0; p < size; p++) {
      if (set.pixels[k * size + p]) out[base + k * rowBytes + (p >> 3)] = (out[base + k * rowBytes + (p >> 3)] as number) | (0x80 >> (p & 7));
    }
  }
  return out;
}

/** Decode an asset; throws an Error with a readable message when it is not a valid one. */
export function decodeAsset(bytes: Uint8Array): BinaryImageSet {
  if (bytes.length < HEADER_BYTES) throw new Error('the image asset is too short');
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== ASSET_MAGIC) throw new Error('not an image asset (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, n, width, height, trainCount, splitSeed] = [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(4 + 4 * i, true)) as [number, number, number, number, number, number];
  if (version !== ASSET_VERSION) throw new Error(`image asset version ${version} is not supported (expected ${ASSET_VERSION})`);
  if (n < 2 || n > MAX_ASSET_IMAGES || width < 1 || width > 64 || height < 1 || height > 64) throw new Error('image asset has implausible dimensions');
  if (!(trainCount > 0 && trainCount < n)) throw new Error('image asset has an invalid split');
  const size = width * height;
  const rowBytes = Math.ceil(size / 8);
  if (bytes.length !== HEADER_BYTES + n + n * rowBytes) throw new Error('image asset length does not match its header');
  const labels = bytes.slice(HEADER_BYTES, HEADER_BYTES + n);
  const pixels = new Uint8Array(n * size);
  const base = HEADER_BYTES + n;
  for (let k = 0; k < n; k++) {
    for (let p = 0; p < size; p++) pixels[k * size + p] = (bytes[base + k * rowBytes + (p >> 3)] as number) & (0x80 >> (p & 7)) ? 1 : 0;
  }
  return { width, height, pixels, labels, trainCount, splitSeed };
}
