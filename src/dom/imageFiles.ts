/**
 * Turn dropped or chosen image files (PNG/JPEG, or one sprite sheet of 28×28 cells) into a binary
 * image set in the browser: decode with createImageBitmap, draw each cell resized to 28×28 on a
 * 2-D canvas, then the pure steps of data/customImages.ts. Throws an Error with a message for the
 * user when a file is not a usable image; nothing else changes then.
 */
import { binarise, type BinaryImageSet } from '../data/binaryImages';
import { customImageSet, inkFromRgba, MAX_CUSTOM_IMAGES, SIDE, sheetTiles } from '../data/customImages';

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg'];
/** Files larger than this are refused before decoding. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export async function imagesFromFiles(files: readonly File[]): Promise<BinaryImageSet> {
  if (files.length === 0) throw new Error('no files were given');
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser cannot draw images on a canvas');
  const digits: Uint8Array[] = [];
  for (const f of files) {
    if (!ACCEPTED_TYPES.includes(f.type)) throw new Error(`"${f.name}" is not a PNG or JPEG image`);
    if (f.size > MAX_FILE_BYTES) throw new Error(`"${f.name}" is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(f);
    } catch {
      throw new Error(`"${f.name}" could not be decoded as an image`);
    }
    try {
      const tiles = files.length === 1 ? sheetTiles(bitmap.width, bitmap.height) : [{ x: 0, y: 0 }];
      const cell = tiles.length > 1 ? SIDE : Math.max(bitmap.width, bitmap.height);
      for (const t of tiles) {
        if (digits.length >= MAX_CUSTOM_IMAGES) throw new Error(`at most ${MAX_CUSTOM_IMAGES} images`);
        ctx.fillStyle = 'white';
        ctx.fillRect(0, 0, SIDE, SIDE);
        const w = tiles.length > 1 ? SIDE : bitmap.width;
        const h = tiles.length > 1 ? SIDE : bitmap.height;
        // A plain image is scaled to fit 28×28, centred, keeping its aspect ratio.
        const scale = tiles.length > 1 ? 1 : SIDE / cell;
        ctx.drawImage(bitmap, t.x, t.y, w, h, (SIDE - w * scale) / 2, (SIDE - h * scale) / 2, w * scale, h * scale);
        digits.push(binarise(inkFromRgba(ctx.getImageData(0, 0, SIDE, SIDE).data)));
      }
    } finally {
      bitmap.close();
    }
  }
  return customImageSet(digits);
}
