/** Shared fixtures of the image-model tests: tiny architectures and a small synthetic image set. */
import { splitImages } from '../../src/data/binaryImages';
import { DECODERS, ENCODERS, MARGINALS, type VaeArchitecture } from '../../src/lib/vaeSpec';
import { ImageTensors } from '../../src/model/vae/imageTensors';

export const tiny = (
  e: VaeArchitecture['encoder'],
  d: VaeArchitecture['decoder'],
  m: VaeArchitecture['marginal'],
): VaeArchitecture => ({ encoder: e, decoder: d, marginal: m, latentDim: 3, hidden: 16, depth: 1 });
export const FAMILIES = ENCODERS.flatMap((e) => DECODERS.flatMap((d) => MARGINALS.map((m) => tiny(e, d, m))));
export const familyName = (a: VaeArchitecture): string => `${a.encoder}${a.decoder}${a.marginal}`;

/** A small synthetic image set (one vertical and one horizontal stroke each), 40 train + 12 test. */
export function images(): ImageTensors {
  const n = 52;
  const pixels = new Uint8Array(n * 784);
  for (let k = 0; k < n; k++)
    for (let p = 0; p < 784; p++)
      pixels[k * 784 + p] = p % 28 === (k % 20) + 4 || Math.floor(p / 28) === (k % 17) + 5 ? 1 : 0;
  return new ImageTensors(
    splitImages({
      pixels,
      labels: Uint8Array.from({ length: n }, (_, k) => k % 10),
      width: 28,
      height: 28,
      trainCount: 40,
      seed: 1,
    }),
  );
}
