/**
 * The worker's image data: the MNIST asset (built from the `mnist` package into public/data),
 * fetched from the page's own origin once, and the user's own images (kept in storage).
 */
import { decodeAsset, type BinaryImageSet } from '../data/binaryImages';

/** Image storage the assets need (the user's own images). */
interface ImageStorage {
  loadImages(): Promise<BinaryImageSet | null>;
  saveImages(set: BinaryImageSet): Promise<void>;
}

export class ImageAssets {
  private mnist: Promise<BinaryImageSet> | undefined;
  /** Absolute URL of the app's data folder (set by 'init'). */
  base = '';
  /** The user's own images: set by 'set-images', else read back from storage after a reload. */
  private custom: BinaryImageSet | null = null;

  constructor(private readonly storage: ImageStorage | null, private readonly selfHref: string) {}

  private async loadMnist(): Promise<BinaryImageSet> {
    this.mnist ??= fetch(new URL('mnist.bin', this.base || this.selfHref).href).then(async (r) => {
      if (!r.ok) throw new Error(`the MNIST asset could not be loaded (HTTP ${r.status})`);
      return decodeAsset(new Uint8Array(await r.arrayBuffer()));
    });
    try {
      return await this.mnist;
    } catch (e) {
      this.mnist = undefined;
      throw e;
    }
  }

  /** The image set of a dataset. */
  async load(source: 'mnist' | 'custom'): Promise<BinaryImageSet> {
    if (source === 'mnist') return this.loadMnist();
    this.custom ??= (await this.storage?.loadImages().catch(() => null)) ?? null;
    if (!this.custom) throw new Error('your own images are not stored in this browser; add them again with "Your images…"');
    return this.custom;
  }

  /** Keep the user's images here and in storage; returns a message when storing failed. */
  async setCustom(set: BinaryImageSet): Promise<string | null> {
    this.custom = set;
    try {
      await this.storage?.saveImages(set);
      return null;
    } catch (e) {
      return `Your images could not be stored (${(e as Error).message}); they last until the page is closed.`;
    }
  }
}
