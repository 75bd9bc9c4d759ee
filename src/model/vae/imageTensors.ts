/**
 * An image set on the current backend: training and test images as float tensors [N, pixels]
 * of 0/1, shared by every run of an experiment. dispose() frees them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { imageCount, type BinaryImageSet } from '../../data/binaryImages';

export class ImageTensors {
  readonly train: tf.Tensor2D;
  readonly test: tf.Tensor2D;
  readonly pixels: number;
  readonly trainCount: number;
  readonly testCount: number;
  /** Labels of the test images (NO_LABEL where unknown). */
  readonly testLabels: Uint8Array;

  constructor(readonly set: BinaryImageSet) {
    this.pixels = set.width * set.height;
    this.trainCount = set.trainCount;
    this.testCount = imageCount(set) - set.trainCount;
    const asFloat = (from: number, to: number): Float32Array => Float32Array.from(set.pixels.subarray(from * this.pixels, to * this.pixels));
    this.train = tf.tensor2d(asFloat(0, this.trainCount), [this.trainCount, this.pixels]);
    this.test = tf.tensor2d(asFloat(this.trainCount, imageCount(set)), [this.testCount, this.pixels]);
    this.testLabels = set.labels.slice(this.trainCount);
  }

  dispose(): void {
    this.train.dispose();
    this.test.dispose();
  }
}
