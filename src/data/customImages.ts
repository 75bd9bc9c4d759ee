/**
 * The user's own images as a binary image set, pure part (the browser decodes and resizes the
 * files; see app/imageFiles.ts): RGBA → grey → ink (auto-inverted when the background is light,
 * since the models draw ink as 1 on 0) → binarised at 0.5; sprite sheets cut into 28×28 tiles;
 * a seeded 90 / 10 train/test split.
 */
import { NO_LABEL, splitImages, type BinaryImageSet } from './binaryImages';

export const SIDE = 28;
/** More images than this are refused (memory in the worker). */
export const MAX_CUSTOM_IMAGES = 20_000;
export const MIN_CUSTOM_IMAGES = 2;
export const CUSTOM_SPLIT_SEED = 7;
/** Share of the images kept aside as the test set. */
export const CUSTOM_TEST_SHARE = 0.1;

/** Ink in [0, 1] of each pixel of an RGBA image (alpha over white), inverted if mostly light. */
export function inkFromRgba(rgba: ArrayLike<number>): Float32Array {
  const n = rgba.length / 4;
  const grey = new Float32Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const a = (rgba[4 * i + 3] as number) / 255;
    const lum =
      (0.299 * (rgba[4 * i] as number) + 0.587 * (rgba[4 * i + 1] as number) + 0.114 * (rgba[4 * i + 2] as number)) /
      255;
    grey[i] = a * lum + (1 - a); // transparent = white paper
    mean += grey[i] as number;
  }
  mean /= Math.max(1, n);
  // Dark strokes on light paper (most drawings and scans) → invert, so ink is high.
  return mean > 0.5 ? grey.map((g) => 1 - g) : grey;
}

/** Tiles of a sprite sheet: the top-left corners of its SIDE × SIDE cells (one cell for a plain image). */
export function sheetTiles(width: number, height: number): { x: number; y: number }[] {
  if (width > SIDE && height >= SIDE && width % SIDE === 0 && height % SIDE === 0) {
    const out: { x: number; y: number }[] = [];
    for (let y = 0; y < height; y += SIDE) for (let x = 0; x < width; x += SIDE) out.push({ x, y });
    return out;
  }
  if (height > SIDE && width === SIDE && height % SIDE === 0)
    return Array.from({ length: height / SIDE }, (_, k) => ({ x: 0, y: k * SIDE }));
  return [{ x: 0, y: 0 }];
}

/** Binarised SIDE × SIDE digits (each [SIDE²] of 0/1) → a split set, or an Error with a message. */
export function customImageSet(digits: readonly Uint8Array[]): BinaryImageSet {
  if (digits.length < MIN_CUSTOM_IMAGES)
    throw new Error(`need at least ${MIN_CUSTOM_IMAGES} images, got ${digits.length}`);
  if (digits.length > MAX_CUSTOM_IMAGES) throw new Error(`at most ${MAX_CUSTOM_IMAGES} images, got ${digits.length}`);
  const pixels = new Uint8Array(digits.length * SIDE * SIDE);
  digits.forEach((d, k) => {
    if (d.length !== SIDE * SIDE) throw new Error(`image ${k + 1} is not ${SIDE}×${SIDE}`);
    pixels.set(d, k * SIDE * SIDE);
  });
  const test = Math.max(1, Math.round(digits.length * CUSTOM_TEST_SHARE));
  return splitImages({
    pixels,
    labels: new Uint8Array(digits.length).fill(NO_LABEL),
    width: SIDE,
    height: SIDE,
    trainCount: digits.length - test,
    seed: CUSTOM_SPLIT_SEED,
  });
}
