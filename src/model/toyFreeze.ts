/** Freezing the faulted models of a toy population: tfjs only. */
import * as tf from '@tensorflow/tfjs-core';
import type { AdamSlot } from './adam';

/**
 * Models whose `active` flag is false go back to their last finite parameters, with zero Adam
 * moments and μ = 0; the others are untouched. Parameters [P, …], μ [P].
 */
export function freezeInactive(
  active: readonly boolean[],
  params: readonly tf.Variable[],
  slots: readonly AdamSlot[],
  lastFinite: readonly tf.Variable[],
  multiplier: tf.Variable,
): void {
  const P = active.length;
  tf.tidy(() => {
    const frozen = tf.tensor3d(
      active.map((a) => (a ? 0 : 1)),
      [P, 1, 1],
      'bool',
    );
    const pick = (t: tf.Tensor, ifFrozen: tf.Tensor): tf.Tensor =>
      tf.where(tf.broadcastTo(frozen, t.shape), ifFrozen, t);
    params.forEach((p, i) => {
      const slot = slots[i] as AdamSlot;
      p.assign(pick(p, lastFinite[i] as tf.Variable));
      slot.m.assign(pick(slot.m, tf.zerosLike(slot.m)));
      slot.v.assign(pick(slot.v, tf.zerosLike(slot.v)));
    });
    const frozen1 = tf.reshape(frozen, [P]);
    multiplier.assign(tf.where(frozen1, tf.zerosLike(multiplier), multiplier));
  });
}
