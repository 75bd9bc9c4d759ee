/**
 * The worker's image data: the MNIST assets (built by `npm run data` into public/data: static
 * binarized MNIST and the small thresholded set), each fetched from the page's own origin once with
 * progress, and the user's own images (kept in storage).
 */
import { decodeAsset, imageCount, type BinaryImageSet } from '../../data/binaryImages';
import { IMAGE_SOURCE_LABELS, type ImageSource } from '../../lib/experiment';
import type { FromWorker } from '../protocol';

/** Image storage the assets need (the user's own images). */
interface ImageStorage {
  loadImages(): Promise<BinaryImageSet | null>;
  saveImages(set: BinaryImageSet): Promise<void>;
}

/** Called while an asset downloads: the fraction 0–1 received (null when its size is unknown). */
export type LoadProgress = (fraction: number | null) => void;

/** The bytes of a response, reporting progress as they arrive (when the server sent a length). */
async function readWithProgress(r: Response, onProgress: LoadProgress): Promise<Uint8Array> {
  const total = Number(r.headers.get('content-length')) || 0;
  if (!r.body || !total) return new Uint8Array(await r.arrayBuffer());
  const out = new Uint8Array(total);
  const reader = r.body.getReader();
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A compressed transfer may report the compressed length: grow when the bytes run past it.
    if (got + value.length > out.length) return concatRest(out.subarray(0, got), value, reader);
    out.set(value, got);
    got += value.length;
    onProgress(got / total);
  }
  return got === total ? out : out.subarray(0, got);
}

async function concatRest(
  head: Uint8Array,
  next: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<Uint8Array> {
  const parts = [head.slice(), next];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class ImageAssets {
  private readonly built = new Map<string, Promise<BinaryImageSet>>();
  /** Absolute URL of the app's data folder (set by 'init'). */
  base = '';
  /** The user's own images: set by 'set-images', else read back from storage after a reload. */
  private custom: BinaryImageSet | null = null;

  constructor(
    private readonly storage: ImageStorage | null,
    private readonly selfHref: string,
  ) {}

  private async loadBuilt(name: 'mnist' | 'static-mnist', onProgress: LoadProgress): Promise<BinaryImageSet> {
    let p = this.built.get(name);
    if (!p) {
      p = fetch(new URL(`${name}.bin`, this.base || this.selfHref).href).then(async (r) => {
        if (!r.ok) throw new Error(`the ${name} asset could not be loaded (HTTP ${r.status})`);
        return decodeAsset(await readWithProgress(r, onProgress));
      });
      this.built.set(name, p);
    }
    try {
      return await p;
    } catch (e) {
      this.built.delete(name);
      throw e;
    }
  }

  /** The image set of a source. */
  async load(source: ImageSource, onProgress: LoadProgress = () => {}): Promise<BinaryImageSet> {
    if (source !== 'custom') return this.loadBuilt(source, onProgress);
    this.custom ??= (await this.storage?.loadImages().catch(() => null)) ?? null;
    if (!this.custom)
      throw new Error('your own images are not stored in this browser; add them again with "Your images…"');
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

/**
 * Load a source's images, posting 'status' messages with the download's progress (at most every
 * 2 %) and, once decoded, how many images came and how long it took (the load time, in seconds).
 */
export async function loadWithStatus(
  load: (source: ImageSource, onProgress: LoadProgress) => Promise<BinaryImageSet>,
  source: ImageSource,
  post: (m: FromWorker) => void,
  now: () => number,
): Promise<BinaryImageSet> {
  const what = IMAGE_SOURCE_LABELS[source];
  const started = now();
  let shown = -1;
  const set = await load(source, (f) => {
    if (f !== null && f - shown < 0.02 && f < 1) return;
    shown = f ?? 0;
    post({ type: 'status', phase: 'loading', message: `loading ${what}`, ...(f !== null ? { fraction: f } : {}) });
  });
  const seconds = (now() - started) / 1000;
  post({
    type: 'status',
    phase: 'loading',
    message: `loaded ${imageCount(set).toLocaleString('en-US')} images (${what}) in ${seconds.toFixed(1)} s`,
  });
  return set;
}
