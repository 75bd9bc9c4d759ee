/**
 * Adam as one WGSL program per variable on tfjs's WebGPU backend (custom-program API,
 * `runWebGPUProgram`): the new parameter, m and v are computed together into one packed output
 * [3 · n] and sliced back, 4 dispatches per variable instead of the 12 elementwise kernels of
 * adamUpdate (adam.ts), with the same formulas. Other backends keep adamUpdate.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, type AdamSlot } from './adam';

interface WebGpuBackendLike {
  runWebGPUProgram(program: unknown, inputs: tf.TensorInfo[], dtype: 'float32', uniforms?: { type: 'int32' | 'float32'; data: number[] }[]): tf.TensorInfo;
}

/** Off: every backend uses the elementwise adamUpdate (the benchmark and the check compare the two). */
export const fusedAdamSwitch = { enabled: true };

const WORKGROUP = 64;
const f = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

/** Whether the fused update runs here: webgpu with the custom-program API, and not switched off. */
export function fusedAdamAvailable(): boolean {
  if (!fusedAdamSwitch.enabled || tf.getBackend() !== 'webgpu') return false;
  return typeof (tf.backend() as unknown as Partial<WebGpuBackendLike>).runWebGPUProgram === 'function';
}

function program(n: number) {
  return {
    variableNames: ['adamParam', 'adamGrad', 'adamM', 'adamV'],
    outputShape: [3 * n],
    shaderKey: 'rdFusedAdam',
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil((3 * n) / WORKGROUP), 1, 1] as [number, number, number],
    workgroupSize: [WORKGROUP, 1, 1] as [number, number, number],
    uniforms: 'stepSize : f32, n : i32,',
    getUserCode: () => `
fn main(unused : i32) {
  let index = i32(workgroupId.x) * ${WORKGROUP} + i32(localIndex);
  let n = uniforms.n;
  if (index >= 3 * n) { return; }
  let i = index % n;
  let part = index / n;
  let g = adamGrad[i];
  let m = adamM[i] * ${f(ADAM_BETA1)} + g * ${f(1 - ADAM_BETA1)};
  let v = adamV[i] * ${f(ADAM_BETA2)} + (g * g) * ${f(1 - ADAM_BETA2)};
  if (part == 0) {
    result[index] = adamParam[i] - (m * uniforms.stepSize) / (sqrt(v) + ${f(ADAM_EPSILON)});
  } else if (part == 1) {
    result[index] = m;
  } else {
    result[index] = v;
  }
}
`,
  };
}

/** One Adam update of `param` in place with the bias-corrected step size `stepSize`; call inside tf.tidy. */
export function fusedAdamUpdate(param: tf.Variable, grad: tf.Tensor, slot: AdamSlot, stepSize: number): void {
  const n = param.size;
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const flat = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [n]);
  const out = tf.engine().makeTensorFromTensorInfo(
    backend.runWebGPUProgram(program(n), [flat(param), flat(grad), flat(slot.m), flat(slot.v)], 'float32', [{ type: 'float32', data: [stepSize] }, { type: 'int32', data: [n] }]),
  );
  const part = (k: number): tf.Tensor => tf.reshape(tf.slice(out, [k * n], [n]), param.shape);
  slot.m.assign(part(1));
  slot.v.assign(part(2));
  param.assign(part(0));
}
