/**
 * Adam in as few dispatches per variable as each GPU backend's custom-program API allows, with
 * the formulas of adamUpdate (adam.ts), whose elementwise version takes 12 kernels:
 * - webgpu (`runWebGPUProgram`): one WGSL program computes the new parameter, m and v into one
 *   packed output [3 · n], sliced back: 4 dispatches;
 * - webgl (`compileAndRun`): a program has one output texture, so three GLSL programs (the new
 *   m, v and parameter, each from the parameter, gradient, m and v): 3 dispatches.
 * wasm and cpu keep adamUpdate (their kernels are not dispatches).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, type AdamSlot } from './adam';

interface WebGpuBackendLike {
  runWebGPUProgram(
    program: unknown,
    inputs: tf.TensorInfo[],
    dtype: 'float32',
    uniforms?: { type: 'int32' | 'float32'; data: number[] }[],
  ): tf.TensorInfo;
}

interface WebGlBackendLike {
  compileAndRun(
    program: unknown,
    inputs: tf.TensorInfo[],
    dtype?: 'float32',
    customUniformValues?: number[][],
  ): tf.TensorInfo;
}

/** Off: every backend uses the elementwise adamUpdate (the benchmark and the check compare the two). */
export const fusedAdamSwitch = { enabled: true };

const WORKGROUP = 64;
const f = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

/**
 * The backend whose fused update runs here (webgpu or webgl with its custom-program API, not switched off), else null.
 */
export function fusedAdamBackend(): 'webgpu' | 'webgl' | null {
  if (!fusedAdamSwitch.enabled) return null;
  const name = tf.getBackend();
  const b = tf.backend() as unknown as Partial<WebGpuBackendLike & WebGlBackendLike>;
  if (name === 'webgpu' && typeof b.runWebGPUProgram === 'function') return 'webgpu';
  if (name === 'webgl' && typeof b.compileAndRun === 'function') return 'webgl';
  return null;
}

/** Whether the fused update runs here. */
export function fusedAdamAvailable(): boolean {
  return fusedAdamBackend() !== null;
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

/** The three GLSL programs of one variable shape: the new m, v or parameter, each from (parameter, gradient, m, v). */
function glProgram(shape: readonly number[], part: 'm' | 'v' | 'param') {
  const m = `getAdamMAtOutCoords() * ${f(ADAM_BETA1)} + g * ${f(1 - ADAM_BETA1)}`;
  const v = `getAdamVAtOutCoords() * ${f(ADAM_BETA2)} + (g * g) * ${f(1 - ADAM_BETA2)}`;
  const out =
    part === 'm'
      ? 'm'
      : part === 'v'
        ? 'v'
        : `getAdamParamAtOutCoords() - (m * stepSize) / (sqrt(v) + ${f(ADAM_EPSILON)})`;
  return {
    variableNames: ['adamParam', 'adamGrad', 'adamM', 'adamV'],
    outputShape: [...shape],
    customUniforms: [{ name: 'stepSize', type: 'float' }],
    userCode: `
void main() {
  float g = getAdamGradAtOutCoords();
  float m = ${m};
  float v = ${v};
  setOutput(${out});
}
`,
  };
}

/** One Adam update of `param` in place with the bias-corrected step size `stepSize`; call inside tf.tidy. */
export function fusedAdamUpdate(param: tf.Variable, grad: tf.Tensor, slot: AdamSlot, stepSize: number): void {
  const n = param.size;
  if (tf.getBackend() === 'webgl') {
    const backend = tf.backend() as unknown as WebGlBackendLike;
    const inputs = [param, grad, slot.m, slot.v];
    const run = (part: 'm' | 'v' | 'param'): tf.Tensor =>
      tf
        .engine()
        .makeTensorFromTensorInfo(backend.compileAndRun(glProgram(param.shape, part), inputs, 'float32', [[stepSize]]));
    // All three read the old values: compute them before any assign.
    const [m, v, p] = [run('m'), run('v'), run('param')];
    slot.m.assign(m);
    slot.v.assign(v);
    param.assign(p);
    return;
  }
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const flat = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [n]);
  const out = tf.engine().makeTensorFromTensorInfo(
    backend.runWebGPUProgram(program(n), [flat(param), flat(grad), flat(slot.m), flat(slot.v)], 'float32', [
      { type: 'float32', data: [stepSize] },
      { type: 'int32', data: [n] },
    ]),
  );
  const part = (k: number): tf.Tensor => tf.reshape(tf.slice(out, [k * n], [n]), param.shape);
  slot.m.assign(part(1));
  slot.v.assign(part(2));
  param.assign(part(0));
}
