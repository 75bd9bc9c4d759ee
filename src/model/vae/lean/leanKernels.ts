/**
 * The lean step's elementwise kernels (kernels.wat, compiled into kernels.ts), instantiated on
 * tfjs-wasm's own memory so that they read and write the buffers where tfjs keeps them. Offsets are
 * bytes, counts floats; shapes as kernels.wat documents them. One instance per wasm backend.
 */
import { KERNELS_PLAIN, KERNELS_SHARED } from './kernels';

export interface LeanKernels {
  adam(
    th: number,
    g: number,
    m: number,
    v: number,
    n: number,
    s: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    eps: number,
  ): void;
  transposeTo(src: number, dst: number, rows: number, cols: number): void;
  biasAct(y: number, bias: number, rows: number, cols: number, relu: number): void;
  rowSums(src: number, dst: number, rows: number, cols: number): void;
  reluBack(d: number, y: number, add: number, n: number): void;
  affine(dst: number, src: number, n: number, a: number, b: number): void;
  bernoulli(l: number, x: number, g: number, rows: number, cols: number, w: number): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number): void;
}

/** What the kernels need of tfjs-wasm's emscripten module: its memory. */
interface EmscriptenLike {
  asm?: { memory?: WebAssembly.Memory };
  wasmMemory?: WebAssembly.Memory;
}

const instances = new WeakMap<object, LeanKernels | null>();

const bytes = (b64: string): Uint8Array<ArrayBuffer> => {
  const text = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
};

/** The kernels on this module's memory, or null where they cannot be instantiated (no SIMD, no memory found). */
export function leanKernels(module: object): LeanKernels | null {
  if (instances.has(module)) return instances.get(module) ?? null;
  let k: LeanKernels | null = null;
  try {
    const em = module as EmscriptenLike;
    const memory = em.asm?.memory ?? em.wasmMemory;
    if (memory) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const compiled = new WebAssembly.Module(bytes(shared ? KERNELS_SHARED : KERNELS_PLAIN));
      k = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as LeanKernels;
    }
  } catch {
    k = null;
  }
  instances.set(module, k);
  return k;
}
