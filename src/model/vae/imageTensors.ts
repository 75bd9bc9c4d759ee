/**
 * An image set for training and evaluation, shared by every model of an experiment: the held-out
 * images (the first HELD_OUT_IMAGES of the validation set) as a float tensor [N, pixels] of 0/1 on
 * the current backend; training batches and the test set's images built from the bytes on demand.
 * dispose() frees the tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import { imageCount, validationCount, type BinaryImageSet } from '../../data/binaryImages';

/** Validation images the live held-out metrics use (a fixed subset: the first ones). */
export const HELD_OUT_IMAGES = 1000;

export class ImageTensors {
  /** [heldOutCount, pixels] of 0/1: the held-out images (validation subset). */
  readonly heldOut: tf.Tensor2D;
  readonly pixels: number;
  readonly trainCount: number;
  readonly heldOutCount: number;
  /** Labels of the held-out images (NO_LABEL where unknown). */
  readonly heldOutLabels: Uint8Array;
  /**
   * The images of a full test evaluation: the test set, or the whole validation set when the set
   * has no test set (the small MNIST and the user's images); indices into the set.
   */
  readonly testRange: { start: number; count: number; kind: 'test' | 'validation' };

  /**
   * A batch [indices.length, pixels] (indices into the whole set: train, validation, test) built
   * on the CPU and uploaded: faster than tf.gather from a resident tensor on wasm.
   */
  batch(indices: ArrayLike<number>): tf.Tensor2D {
    const n = indices.length;
    const p = this.pixels;
    const out = new Float32Array(n * p);
    const px = this.set.pixels;
    for (let r = 0; r < n; r++) {
      const src = (indices[r] as number) * p;
      for (let i = 0; i < p; i++) out[r * p + i] = px[src + i] as number;
    }
    return tf.tensor2d(out, [n, p]);
  }

  /** The batch's pixels feature-major into out [pixels, indices.length] (the lean step's layout). */
  batchTransposedInto(indices: ArrayLike<number>, out: Float32Array): void {
    const n = indices.length;
    const p = this.pixels;
    const px = this.set.pixels;
    for (let r = 0; r < n; r++) {
      const src = (indices[r] as number) * p;
      for (let i = 0; i < p; i++) out[i * n + r] = px[src + i] as number;
    }
  }

  constructor(readonly set: BinaryImageSet) {
    this.pixels = set.width * set.height;
    this.trainCount = set.trainCount;
    const validation = validationCount(set);
    this.heldOutCount = Math.min(HELD_OUT_IMAGES, validation);
    const from = this.trainCount;
    this.heldOut = tf.tensor2d(
      Float32Array.from(set.pixels.subarray(from * this.pixels, (from + this.heldOutCount) * this.pixels)),
      [this.heldOutCount, this.pixels],
    );
    this.heldOutLabels = set.labels.slice(from, from + this.heldOutCount);
    const test = set.testCount ?? 0;
    this.testRange =
      test > 0
        ? { start: imageCount(set) - test, count: test, kind: 'test' }
        : { start: from, count: validation, kind: 'validation' };
  }

  dispose(): void {
    this.heldOut.dispose();
  }
}
