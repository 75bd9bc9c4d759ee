/**
 * The fused toy step's WGSL program (toyFusedShader.ts) as a tfjs custom program, and its check
 * on a device: a family trains fused only after one check dispatch on that device has passed
 * (fusedReady); fusedAvailable and fusedProgram say which variant, if any, it trains with.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
import { MULTIPLIER_CLIP, MULTIPLIER_DAMPING, MULTIPLIER_STEP } from '../math/objective';
import { binCentres, toyProblem } from '../math/toyData';
import { FAMILIES } from '../lib/experiment';
import type { FamilyName } from './toyFamilies';
import { FUSED_REPORT, fusedStride, fusedToyShader, SERIAL_WORKGROUP, type ShaderStorage } from './toyFusedShader';

/** The part of tfjs's WebGPU backend this uses (typed here so the model layer needs no backend import). */
export interface WebGpuBackendLike {
  runWebGPUProgram(
    program: unknown,
    inputs: tf.TensorInfo[],
    dtype: 'float32',
    uniforms?: { type: 'int32'; data: number[] }[],
  ): tf.TensorInfo;
}

/** 'checking', the program variant the device took (toyFusedShader.ts ShaderStorage), or 'refused' (neither). */
type Verdict = 'checking' | ShaderStorage | 'refused';

/**
 * Per device: each family's verdict on its program. A family trains fused only once a check
 * dispatch (checkProgram) has run on that device and given the right numbers, with the first
 * variant that passes ('private', then 'row'); while it is being checked, and after the device
 * refused both, the family trains with tensor ops, so a refused program never writes into a
 * population's state. (Seen on an NVIDIA H200 through Vulkan:
 * "CreateComputePipeline: failed to validate local memory" for a shader with 30 KB of private
 * arrays per thread; the old check, made on the population's first real dispatch, learnt of the
 * refusal only after that dispatch's empty output had become the population's state.)
 */
const verdicts = new WeakMap<object, Map<FamilyName, Verdict>>();
const checks = new WeakMap<object, Map<FamilyName, Promise<boolean>>>();
/** Per device: the last check queued (checks run one at a time: error scopes are one stack per device). */
const lastCheck = new WeakMap<object, Promise<unknown>>();

/**
 * Test hook: programs, as `family:storage` (e.g. 'tabular:private'), that do not compile, as on a
 * device that refuses them (to test the fallbacks in a browser that takes the real ones): their
 * check dispatch fails, and so would training with them if a check let them through.
 */
export const fusedFaults = { invalidPrograms: new Set<string>() };

/**
 * The current backend's GPU device when the fused step can run on it at all (webgpu with the custom-program API), else
 * null.
 */
function fusedDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const b = tf.backend() as unknown as Partial<WebGpuBackendLike> & { device?: GPUDevice };
  return typeof b.runWebGPUProgram === 'function' && b.device ? b.device : null;
}

/**
 * Whether the fused step can run: the current backend is webgpu with the custom-program API and,
 * with a family, that family's program has passed its check on this device. Asking for a family
 * not yet checked starts its check (fusedReady) and answers false until it passes.
 */
export function fusedAvailable(family?: FamilyName): boolean {
  const device = fusedDevice();
  if (!device) return false;
  if (!family) return true;
  const v = verdicts.get(device)?.get(family);
  if (v === undefined) void fusedReady(family);
  return v === 'private' || v === 'row';
}

/** The program variant the current device took for `family`, or null (not checked yet, refused, or not webgpu). */
export function fusedProgram(family: FamilyName): ShaderStorage | null {
  const device = fusedDevice();
  const v = device ? verdicts.get(device)?.get(family) : undefined;
  return v === 'private' || v === 'row' ? v : null;
}

/**
 * Whether `family`'s program runs on the current webgpu device (checked once per device and family; false off webgpu).
 */
export function fusedReady(family: FamilyName): Promise<boolean> {
  const device = fusedDevice();
  if (!device) return Promise.resolve(false);
  const pending = checks.get(device)?.get(family);
  if (pending) return pending;
  const set = (v: Verdict) => {
    const m = verdicts.get(device) ?? new Map<FamilyName, Verdict>();
    m.set(family, v);
    verdicts.set(device, m);
  };
  set('checking');
  const check = (lastCheck.get(device) ?? Promise.resolve()).then(async () => {
    const problems: string[] = [];
    for (const storage of ['private', 'row'] as const) {
      const problem = await checkProgram(device, family, storage);
      if (!problem) {
        if (problems.length)
          console.warn(
            `fused toy step for ${family}: the '${storage}' program runs ` +
              `(the device refused 'private': ${problems[0]})`,
          );
        set(storage);
        return true;
      }
      problems.push(problem);
    }
    console.error(`fused toy step refused for ${family}; training with tensor ops: ${problems.join('; ')}`);
    set('refused');
    return false;
  });
  lastCheck.set(device, check);
  const m = checks.get(device) ?? new Map<FamilyName, Promise<boolean>>();
  m.set(family, check);
  checks.set(device, m);
  return check;
}

/**
 * One step of one model with all parameters zero, under validation, internal and out-of-memory
 * error scopes, read back: the device must take the program and give the uniform model's exact
 * R = 0 and D = log 30 (a refused program leaves its output empty). It compiles the pipeline that
 * training uses (the inputs are padded alike: toyFusedShader.ts). Resolves to null when it
 * passes, else to what went wrong.
 */
async function checkProgram(device: GPUDevice, family: FamilyName, storage: ShaderStorage): Promise<string | null> {
  const scopes: GPUErrorFilter[] = ['validation', 'internal', 'out-of-memory'];
  for (const s of scopes) device.pushErrorScope(s);
  const inputs = [
    tf.zeros([1, fusedStride(family) + FUSED_REPORT]),
    tf.tensor1d([1, 0, 0, 0]),
    tf.tensor1d([0, 0]),
    tf.tensor1d([1, 0]),
    consts(),
  ];
  let problem: string | null = null;
  try {
    const backend = tf.backend() as unknown as WebGpuBackendLike;
    const out = tf.engine().makeTensorFromTensorInfo(
      backend.runWebGPUProgram(
        program(family, 1, storage, fusedFaults.invalidPrograms.has(`${family}:${storage}`)),
        inputs,
        'float32',
        [
          { type: 'int32', data: [1] },
          { type: 'int32', data: [1] },
        ],
      ),
    );
    const report = tf.slice(out, [0, fusedStride(family)], [1, 2]);
    out.dispose();
    const [rate, distortion] = (await report.data()) as Float32Array;
    report.dispose();
    if (!(Math.abs(rate as number) < 1e-4 && Math.abs((distortion as number) - Math.log(30)) < 1e-4))
      problem =
        `check dispatch gave R = ${rate}, D = ${distortion} for the uniform model ` +
        `(expected 0 and ${Math.log(30).toFixed(4)})`;
  } catch (e) {
    problem = (e as Error).message;
  } finally {
    for (const t of inputs.slice(0, 4)) t.dispose();
  }
  for (let i = 0; i < scopes.length; i++) {
    const e = await device.popErrorScope();
    if (e) problem = e.message;
  }
  return problem;
}

/** Each family's WGSL source per variant, built once. */
const sources = new Map<string, string>();

export function program(family: FamilyName, models: number, storage: ShaderStorage, invalid = false) {
  let userCode = sources.get(`${family}:${storage}`);
  if (userCode === undefined) {
    userCode = fusedToyShader(
      family,
      {
        adamBeta1: ADAM_BETA1,
        adamBeta2: ADAM_BETA2,
        adamEpsilon: ADAM_EPSILON,
        multiplierStep: MULTIPLIER_STEP,
        multiplierDamping: MULTIPLIER_DAMPING,
        multiplierClip: MULTIPLIER_CLIP,
      },
      storage,
    );
    sources.set(`${family}:${storage}`, userCode);
  }
  // The test hook's program: a type error that no device compiles (own shader key, so the real program's pipeline is
  // untouched).
  const code = invalid ? `${userCode}\nfn rdInvalid() -> f32 { return true; }\n` : userCode;
  return {
    variableNames: ['toyState', 'toyCoeffs', 'toySizes', 'toyActive', 'toyConsts'],
    outputShape: [models, fusedStride(family) + FUSED_REPORT],
    shaderKey: `rdToyFused_${family}_${storage}${invalid ? '_invalid' : ''}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(models / SERIAL_WORKGROUP), 1, 1] as [number, number, number],
    workgroupSize: [SERIAL_WORKGROUP, 1, 1] as [number, number, number],
    uniforms: 'steps : i32, models : i32,',
    getUserCode: () => code,
  };
}

let constsTensor: tf.Tensor1D | null = null;
let constsBackend: tf.KernelBackend | null = null;

/** p*(x) and the bin centres [60], kept on the backend (remade after a backend change). */
export function consts(): tf.Tensor1D {
  if (!constsTensor || constsBackend !== tf.backend() || constsTensor.isDisposed) {
    constsTensor = tf.tensor1d([...toyProblem().pData, ...binCentres()]);
    tf.keep(constsTensor);
    constsBackend = tf.backend();
  }
  return constsTensor;
}

/**
 * Check every family's program on the current backend's device (nothing off webgpu): the worker does this before
 * training starts on webgpu.
 */
export async function checkFusedFamilies(): Promise<void> {
  if (fusedDevice()) await Promise.all(FAMILIES.map((f) => fusedReady(f)));
}
