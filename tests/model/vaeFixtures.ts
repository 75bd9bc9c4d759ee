/**
 * Shared fixtures of the image-model tests: tiny architectures (2-D codes, 16 hidden units) and a
 * small synthetic set of SIDE × SIDE images, so that every family (PixelCNN included) trains in a
 * unit test within seconds. The model code takes any square image size (`dataDims`); 28 × 28 is
 * only MNIST's.
 */
import { splitImages } from '../../src/data/binaryImages';
import { DECODERS, ENCODERS, MARGINALS, type VaeArchitecture } from '../../src/lib/vaeSpec';
import { ImageTensors } from '../../src/model/vae/imageTensors';

/** Side of the test images, and their pixel count (pass `dataDims: PIXELS` to a VaeModel). */
export const SIDE = 7;
export const PIXELS = SIDE * SIDE;

export const tiny = (
  e: VaeArchitecture['encoder'],
  d: VaeArchitecture['decoder'],
  m: VaeArchitecture['marginal'],
): VaeArchitecture => ({ encoder: e, decoder: d, marginal: m, latentDim: 2, hidden: 16, depth: 1 });
export const FAMILIES = ENCODERS.flatMap((e) => DECODERS.flatMap((d) => MARGINALS.map((m) => tiny(e, d, m))));
export const familyName = (a: VaeArchitecture): string => `${a.encoder}${a.decoder}${a.marginal}`;

/**
 * A small synthetic image set of side × side images (one vertical and one horizontal stroke each, at positions that
 * vary with the image), 40 train + 12 validation.
 */
export function images(side = SIDE): ImageTensors {
  const n = 52;
  const p = side * side;
  const pixels = new Uint8Array(n * p);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < p; i++)
      pixels[k * p + i] = i % side === k % side || Math.floor(i / side) === (3 * k + 1) % side ? 1 : 0;
  return new ImageTensors(
    splitImages({
      pixels,
      labels: Uint8Array.from({ length: n }, (_, k) => k % 10),
      width: side,
      height: side,
      trainCount: 40,
      seed: 1,
    }),
  );
}
