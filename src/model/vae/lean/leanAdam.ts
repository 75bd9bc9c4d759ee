/**
 * Adam for the lean step: one SIMD loop per variable over the wasm heap (kernels.wat), the formulas
 * of adamUpdate (adam.ts) in float32. A variable whose data it alone holds changes in place and
 * then takes a new id (so no product cached under the old values survives); shared data (a clone
 * holds it) is first copied into a new tensor, as wasmAdam.ts does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, type AdamSlot } from '../../adam';
import type { HeapBuffer, WasmHeap } from './wasmHeap';

/** θ, m, v ← Adam(θ, g, m, v) for each variable with its gradient buffer; `stepSize` has the bias correction. */
export function leanAdam(
  heap: WasmHeap,
  order: readonly { param: tf.Variable; grad: HeapBuffer }[],
  slots: readonly AdamSlot[],
  stepSize: number,
): void {
  const b1 = ADAM_BETA1;
  const b2 = ADAM_BETA2;
  order.forEach(({ param, grad }, k) => {
    const slot = slots[k] as AdamSlot;
    const targets = [param, slot.m, slot.v];
    // Shared data is copied first (every allocation before any view: an allocation may grow the heap).
    const copies = targets.map((t) => (heap.exclusive(t) ? null : tf.add(t, 0)));
    const [theta, m, v] = targets.map((t, i) => heap.ofTensor(copies[i] ?? t)) as [HeapBuffer, HeapBuffer, HeapBuffer];
    heap.k.adam(
      theta.offset,
      grad.offset,
      m.offset,
      v.offset,
      theta.size,
      stepSize,
      b1,
      1 - b1,
      b2,
      1 - b2,
      ADAM_EPSILON,
    );
    targets.forEach((t, i) => {
      const copy = copies[i];
      if (copy) t.assign(copy);
      else heap.renewTensor(t);
    });
  });
}
