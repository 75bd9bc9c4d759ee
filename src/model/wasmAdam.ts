/**
 * Adam on the wasm backend as one loop per variable over the backend's heap, instead of the 12
 * elementwise kernels per variable of adamUpdate (adam.ts): each tfjs kernel has a fixed overhead
 * here (and allocates), so for a small toy population the Adam kernels were most of a step's
 * fixed cost.
 * Same formulas as adamUpdate, evaluated in float64 and stored as float32 (so within a float32
 * rounding of it). A variable is updated in place when it alone holds its data (the backend's
 * reference count is 1), else into a new tensor (its data is shared, e.g. by a clone).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, adamUpdate, type AdamConstants, type AdamSlot } from './adam';
import { fusedAdamSwitch } from './fusedAdam';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  refCount(dataId: tf.DataId): number;
}

/** Whether the heap loop runs here (the wasm backend, fused updates not switched off). */
export function wasmAdamAvailable(): boolean {
  if (!fusedAdamSwitch.enabled || tf.getBackend() !== 'wasm') return false;
  const b = tf.backend() as unknown as Partial<WasmBackendLike>;
  return (
    typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function' && typeof b.refCount === 'function'
  );
}

/**
 * One Adam update in place of a population's variable [P, …]: model p moves with step size
 * stepSizes[p] (bias correction included; 0 freezes it). Call inside tf.tidy, on wasm.
 */
export function wasmAdamUpdate(
  param: tf.Variable,
  grad: tf.Tensor,
  slot: AdamSlot,
  stepSizes: readonly number[],
): void {
  const backend = tf.backend() as unknown as WasmBackendLike;
  const P = stepSizes.length;
  const n = param.size;
  if (n % P !== 0) throw new Error(`a variable of ${n} numbers is not ${P} models`);
  const targets = [param, slot.m, slot.v];
  // A variable whose data is shared gets a copy first (allocated before any view is taken: an
  // allocation may grow the heap and detach older views); then the loop updates in place.
  const copies = targets.map((t) =>
    backend.refCount(t.dataId) === 1 ? null : backend.makeOutput([...t.shape], 'float32'),
  );
  const view = (t: tf.TensorInfo): Float32Array => backend.typedArrayFromHeap(t);
  const [theta, m, v] = targets.map((t, i) => {
    const copy = copies[i];
    if (!copy) return view(t);
    const out = view(copy);
    out.set(view(t));
    return out;
  }) as [Float32Array, Float32Array, Float32Array];
  adamLoop(theta, view(grad), m, v, stepSizes, n / P);
  copies.forEach((c, i) => {
    if (c) (targets[i] as tf.Variable).assign(tf.engine().makeTensorFromTensorInfo(c));
  });
}

/**
 * The update in place of n = P · per numbers; constants are locals (module bindings can cost a load each in the loop).
 */
function adamLoop(
  theta: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  stepSizes: readonly number[],
  per: number,
): void {
  const b1 = ADAM_BETA1;
  const b2 = ADAM_BETA2;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const eps = ADAM_EPSILON;
  for (let p = 0; p < stepSizes.length; p++) {
    const s = stepSizes[p] as number;
    for (let j = p * per, end = j + per; j < end; j++) {
      const gj = g[j] as number;
      const mj = b1 * (m[j] as number) + c1 * gj;
      const vj = b2 * (v[j] as number) + c2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      theta[j] = (theta[j] as number) - (s * mj) / (Math.sqrt(vj) + eps);
    }
  }
}

/**
 * Adam for every variable of a population with per-model step sizes: the heap loop on wasm,
 * else adamUpdate with one [P, 1, 1] step-size tensor. Call inside tf.tidy.
 */
export function populationAdam(
  params: readonly tf.Variable[],
  grads: readonly tf.Tensor[],
  slots: readonly AdamSlot[],
  stepSizes: readonly number[],
  k: AdamConstants,
): void {
  if (wasmAdamAvailable()) {
    params.forEach((p, i) => wasmAdamUpdate(p, grads[i] as tf.Tensor, slots[i] as AdamSlot, stepSizes));
    return;
  }
  const stepSize = tf.tensor3d([...stepSizes], [stepSizes.length, 1, 1]);
  params.forEach((p, i) => adamUpdate(p, grads[i] as tf.Tensor, slots[i] as AdamSlot, stepSize, k));
}
