/** Model tests run on the pure-JS cpu backend (tfjs-node needs a native download, unavailable offline). */
import * as tf from '@tensorflow/tfjs';

export async function useCpu(): Promise<typeof tf> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}
