/**
 * Raw float32 buffers on tfjs's wasm heap and XNNPACK matrix products between them, called
 * directly (no engine, no tape, no allocation per call): what the lean image step is built on.
 *
 * tfjs-wasm runs a product out[M, N] = a[M, K] · b[K, N] as an XNNPACK fully-connected operator
 * that packs b when it is created and caches it under b's tensor id. So a buffer used as b must
 * take a new id whenever its values change (`renew`), or the product would use the old values;
 * and packing costs about one pass over b, least when N is small, so the lean step chooses the
 * operand roles (and keeps activations feature-major, [features, batch]) to make b small.
 *
 * Views of the heap (`f32`) are made afresh after every call that may allocate: a growing heap
 * detaches older views. Buffers are freed by `free`; the arena frees what it still holds on dispose.
 */
import * as tf from '@tensorflow/tfjs-core';
import { leanKernels, type LeanKernels } from './leanKernels';

interface WasmModule {
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(offset: number): void;
  _BatchMatMul(
    aId: number,
    aShape: number,
    aRank: number,
    bId: number,
    bShape: number,
    bRank: number,
    transposeA: number,
    transposeB: number,
    outId: number,
  ): void;
  tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
}

interface WasmBackendLike {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: tf.DataId): { id: number; memoryOffset: number; refCount: number } | undefined };
}

/** A float32 buffer of `size` numbers at byte `offset` of the heap, registered with tfjs-wasm under `id`. */
export interface HeapBuffer {
  id: number;
  readonly offset: number;
  readonly size: number;
}

/** Whether the current backend is tfjs-wasm with the entry points the lean step calls. */
export function wasmHeapAvailable(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const b = tf.backend() as unknown as Partial<WasmBackendLike>;
  return (
    typeof b.wasm?._BatchMatMul === 'function' &&
    typeof b.wasm._malloc === 'function' &&
    typeof b.wasm.tfjs?.registerTensor === 'function' &&
    typeof b.dataIdNextNumber === 'number' &&
    leanKernels(b.wasm) !== null
  );
}

export class WasmHeap {
  private readonly backend: WasmBackendLike;
  private readonly wasm: WasmModule;
  /** The elementwise kernels on this heap (wasmHeapAvailable() checked they exist). */
  readonly k: LeanKernels;
  private readonly owned = new Set<HeapBuffer>();
  /** Shape records [1, rows, cols] for the product calls, keyed "rows,cols" (made once, freed on dispose). */
  private readonly shapes = new Map<string, number>();

  constructor() {
    this.backend = tf.backend() as unknown as WasmBackendLike;
    this.wasm = this.backend.wasm;
    const k = leanKernels(this.wasm);
    if (!k) throw new Error('the lean kernels cannot run on this wasm backend');
    this.k = k;
  }

  /** A new buffer of `size` numbers (contents undefined). */
  alloc(size: number): HeapBuffer {
    const offset = this.wasm._malloc(Math.max(1, size) * 4) >>> 0;
    const buf = { id: this.backend.dataIdNextNumber++, offset, size };
    this.wasm.tfjs.registerTensor(buf.id, size, offset);
    this.owned.add(buf);
    return buf;
  }

  free(buf: HeapBuffer): void {
    if (!this.owned.delete(buf)) return;
    this.wasm.tfjs.disposeData(buf.id);
    this.wasm._free(buf.offset);
  }

  /** Give `buf` a new id (its values changed): products cached under the old id are dropped. */
  renew(buf: HeapBuffer): void {
    this.wasm.tfjs.disposeData(buf.id);
    buf.id = this.backend.dataIdNextNumber++;
    this.wasm.tfjs.registerTensor(buf.id, buf.size, buf.offset);
  }

  /**
   * Give a tensor's data a new id after its values were changed in place (products cached under the old id are
   * dropped), or return false where the data is shared with another tensor and must not change in place.
   */
  renewTensor(t: tf.TensorInfo): boolean {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d || d.refCount !== 1) return false;
    this.wasm.tfjs.disposeData(d.id);
    d.id = this.backend.dataIdNextNumber++;
    this.wasm.tfjs.registerTensor(
      d.id,
      t.shape.reduce((a, b) => a * b, 1),
      d.memoryOffset,
    );
    return true;
  }

  /** Whether a tensor alone holds its data (so it may change in place). */
  exclusive(t: tf.TensorInfo): boolean {
    return this.backend.dataIdMap.get(t.dataId)?.refCount === 1;
  }

  /** A view of a buffer (valid until the next call that may allocate on the heap). */
  f32(buf: HeapBuffer): Float32Array {
    return new Float32Array(this.wasm.HEAPF32.buffer, buf.offset, buf.size);
  }

  /** The heap buffer a tensor's data lives in (read-only use: its id may be cached as a product's b). */
  ofTensor(t: tf.TensorInfo): HeapBuffer {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d) throw new Error('tensor has no data on the wasm heap');
    return { id: d.id, offset: d.memoryOffset, size: t.shape.reduce((a, b) => a * b, 1) };
  }

  /** A tensor's values copied off the heap (wasm computes synchronously: nothing to wait for, unlike a GPU read). */
  read(t: tf.TensorInfo): Float32Array {
    return this.f32(this.ofTensor(t)).slice();
  }

  /** Bytes of the whole heap (grows, never shrinks): the leak test watches it. */
  heapBytes(): number {
    return this.wasm.HEAPU8.length;
  }

  private shape(rows: number, cols: number): number {
    const key = `${rows},${cols}`;
    let p = this.shapes.get(key);
    if (p === undefined) {
      p = this.wasm._malloc(12) >>> 0;
      new Int32Array(this.wasm.HEAP32.buffer, p, 3).set([1, rows, cols]);
      this.shapes.set(key, p);
    }
    return p;
  }

  /**
   * out[m, n] = a[m, k] · b[k, n] (row-major): the kernels' own product where m % 4 = 0 and n % 8 = 0 (it packs
   * nothing), else XNNPACK's, which packs b and caches it under b's id: renew b when it changes.
   */
  gemm(a: HeapBuffer, b: HeapBuffer, out: HeapBuffer, m: number, k: number, n: number): void {
    if (a.size < m * k || b.size < k * n || out.size < m * n) throw new Error(`gemm ${m}x${k}x${n}: buffer too small`);
    if (m % 4 === 0 && n % 8 === 0) this.k.gemm(a.offset, b.offset, out.offset, m, k, n);
    else this.wasm._BatchMatMul(a.id, this.shape(m, k), 3, b.id, this.shape(k, n), 3, 0, 0, out.id);
  }

  dispose(): void {
    for (const buf of [...this.owned]) this.free(buf);
    for (const p of this.shapes.values()) this.wasm._free(p);
    this.shapes.clear();
  }
}
