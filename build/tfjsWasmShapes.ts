/**
 * Build-time patch of tfjs-backend-wasm 4.22 (a Vite plugin, for the app and its workers): in its
 * binary-op, batch-matmul and transpose kernels, `new Uint8Array(new Int32Array(X).buffer)` (the bytes of a shape,
 * strides or a
 * permutation, handed to the kernel's wasm function) becomes `int32Bytes(X)` from
 * build/runtime/int32Bytes.ts, a cache keyed by the values. Otherwise every binary op, matmul and
 * transpose allocates two ArrayBuffers, about 460 of the ~490 per MNIST MLP step, whose backing stores
 * V8 sweeps on a background thread. A tfjs whose kernels no longer hold the expression as expected
 * fails the build, so an upgrade cannot drop the patch unnoticed.
 */
import { fileURLToPath } from 'node:url';
import { patchPlugin, type PatchPlugin } from './patchPlugin.ts';

const DIST = '@tensorflow/tfjs-backend-wasm/dist/kernels/';
/** `new Uint8Array(new Int32Array(X).buffer)`, X with at most one level of parentheses inside. */
const PATTERN = /new Uint8Array\(new Int32Array\(([^()]*(?:\([^()]*\)[^()]*)*)\)\.buffer\)/g;
/** Kernels that must hold the expression, and how often (the ones every training step runs). */
export const TFJS_WASM_SHAPE_SITES: Record<string, number> = {
  'binary_kernel.js': 2,
  'BatchMatMul.js': 2,
  'Transpose.js': 2,
};
const RUNTIME = fileURLToPath(new URL('./runtime/int32Bytes.ts', import.meta.url)).replace(/\\/g, '/');

/**
 * The patched source of module `id` (null when it is not one of the kernels in
 * TFJS_WASM_SHAPE_SITES); throws when the kernel holds the expression a different number of times
 * or one was left. Only those kernels are patched: in each, the bytes go straight to a cwrap 'array'
 * argument (checked by hand for tfjs 4.22; other kernels keep allocating, about 5 % of the buffers).
 */
export function patchTfjsWasmShapes(code: string, id: string, runtime = RUNTIME): string | null {
  const path = id.replace(/\\/g, '/').split('?')[0] ?? '';
  const at = path.lastIndexOf(DIST);
  if (at < 0) return null;
  const file = path.slice(at + DIST.length);
  const required = TFJS_WASM_SHAPE_SITES[file];
  if (required === undefined) return null;
  const found = code.match(PATTERN)?.length ?? 0;
  if (found !== required)
    throw new Error(
      `tfjs wasm shape patch: expected ${required} × "new Uint8Array(new Int32Array(…).buffer)" in ${path}, found ${found} (tfjs changed: check build/tfjsWasmShapes.ts)`,
    );
  const out = code.replace(PATTERN, '__rdInt32Bytes($1)');
  if (out.includes('new Uint8Array(new Int32Array('))
    throw new Error(`tfjs wasm shape patch: an expression in ${path} was not replaced (check build/tfjsWasmShapes.ts)`);
  return `import { int32Bytes as __rdInt32Bytes } from ${JSON.stringify(runtime)};\n${out}`;
}

/** The Vite plugin (add it to `plugins` and to `worker.plugins`). */
export function tfjsWasmShapes(): PatchPlugin {
  return patchPlugin('rd-tfjs-wasm-shapes', (code, id) => patchTfjsWasmShapes(code, id));
}
