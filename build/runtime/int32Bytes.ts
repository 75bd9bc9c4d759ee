/**
 * Runtime half of build/tfjsWasmShapes.ts, injected into tfjs-backend-wasm's kernels: the bytes
 * of an int32 array (a shape, strides, a permutation: a handful of small integers) that a kernel
 * hands to its wasm function, taken from a cache keyed by the values instead of allocated anew.
 * tfjs allocates two such ArrayBuffers for every binary op, matmul and transpose (about 480 per
 * step of the MNIST MLP VAE); V8 then sweeps each one's backing store on a background thread, CPU
 * that a 2-core machine's second training worker lacks.
 *
 * The cached bytes are never written: each call site passes them straight to an emscripten cwrap
 * 'array' argument, which copies them onto the wasm stack. Keyed by content, an entry is right
 * for every caller, whatever the order of calls (kernels that call kernels included).
 */

/** Entries kept before the cache starts over (a training session uses a few dozen shapes). */
export const INT32_BYTES_CACHE_SIZE = 4096;

const cache = new Map<string, Uint8Array>();

/** `new Uint8Array(new Int32Array(values).buffer)`, shared between calls with the same values. */
export function int32Bytes(values: ArrayLike<number>): Uint8Array {
  let key = '';
  for (let i = 0; i < values.length; i++) key += `${values[i]},`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    if (cache.size >= INT32_BYTES_CACHE_SIZE) cache.clear();
    bytes = new Uint8Array(new Int32Array(values).buffer);
    cache.set(key, bytes);
  }
  return bytes;
}

/** Entries in the cache now (for tests). */
export function int32BytesCached(): number {
  return cache.size;
}
