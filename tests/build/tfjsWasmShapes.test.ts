/**
 * The build's tfjs-backend-wasm shape-bytes patch (build/tfjsWasmShapes.ts and its runtime
 * build/runtime/int32Bytes.ts): it applies to the installed kernels, the cache gives the bytes
 * the original expression gives, and a wasm backend with every such expression replaced by the
 * cache computes what plain JavaScript computes for binary ops, matmuls and transposes of mixed
 * shapes (cache hits with other shapes in between, and across a cache reset).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patchTfjsWasmShapes, TFJS_WASM_SHAPE_SITES } from '../../build/tfjsWasmShapes';
import { INT32_BYTES_CACHE_SIZE, int32Bytes, int32BytesCached } from '../../build/runtime/int32Bytes';

const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const kernels = join(dist, 'kernels');
const EXPR = 'new Uint8Array(new Int32Array(';

let s = 12345;
const rnd = () => {
  s = (s * 1103515245 + 12345) % 2 ** 31;
  return s / 2 ** 31;
};
const randInt = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

describe('tfjs wasm shape patch', () => {
  it('applies to the installed kernels it names, as often as expected, and to no other file', () => {
    for (const [file, count] of Object.entries(TFJS_WASM_SHAPE_SITES)) {
      const code = readFileSync(join(kernels, file), 'utf8');
      const out = patchTfjsWasmShapes(code, join(kernels, file), '/rt.ts') as string;
      expect(out).not.toBeNull();
      expect(out).not.toContain(EXPR);
      expect(out.split('__rdInt32Bytes(').length - 1).toBe(count);
      expect(out.startsWith('import { int32Bytes as __rdInt32Bytes } from "/rt.ts";\n')).toBe(true);
      // The argument is kept as it was: the original's arguments, in order.
      const args = (src: string, head: string) =>
        [...src.matchAll(new RegExp(`${head.replace(/[()]/g, '\\$&')}([\\w.]+)\\)`, 'g'))].map((m) => m[1]);
      expect(args(out, '__rdInt32Bytes(')).toEqual(args(code, EXPR));
    }
    const other = join(kernels, 'Sum.js');
    expect(patchTfjsWasmShapes(readFileSync(other, 'utf8'), other)).toBeNull();
    expect(patchTfjsWasmShapes('const a = new Uint8Array(new Int32Array(x.shape).buffer);', '/src/app.ts')).toBeNull();
  });

  it('fails loudly when tfjs no longer holds the expression in a required kernel', () => {
    const file = join(kernels, 'Transpose.js');
    const code = readFileSync(file, 'utf8').replace(EXPR, 'Uint8Array.from(new Int32Array(');
    expect(() => patchTfjsWasmShapes(code, file)).toThrow(/expected 2/);
  });

  it('int32Bytes gives the bytes of new Int32Array(values), shared between equal values', () => {
    for (let t = 0; t < 300; t++) {
      const shape = Array.from({ length: randInt(0, 5) }, () => randInt(-3, 5000));
      const bytes = int32Bytes(shape);
      expect([...bytes]).toEqual([...new Uint8Array(new Int32Array(shape).buffer)]);
      expect(int32Bytes(shape.slice())).toBe(bytes);
      expect(int32Bytes(new Int32Array(shape))).toBe(bytes);
    }
    // [1, 23] and [12, 3] must not share a key.
    expect(int32Bytes([1, 23])).not.toBe(int32Bytes([12, 3]));
    for (let i = 0; i < INT32_BYTES_CACHE_SIZE + 10; i++) int32Bytes([i, 7]);
    expect(int32BytesCached()).toBeLessThanOrEqual(INT32_BYTES_CACHE_SIZE);
    expect([...int32Bytes([3, 7])]).toEqual([...new Uint8Array(new Int32Array([3, 7]).buffer)]);
  });
});

describe('wasm backend with cached shape bytes', () => {
  // Node runs tfjs-backend-wasm's CommonJS bundle, where the kernels are inlined: replace every
  // such expression there (all 42, not only the 6 the build patches) and load the copy.
  const copy = join(dist, `.rd-int32bytes-test-${process.pid}.js`);
  afterAll(() => rmSync(copy, { force: true }));

  it('computes binary ops, matmuls and transposes of mixed shapes as plain JavaScript does', async () => {
    const bundle = readFileSync(join(dist, 'tf-backend-wasm.node.js'), 'utf8');
    const patched = bundle.replace(
      /new Uint8Array\(new Int32Array\(([^()]*(?:\([^()]*\)[^()]*)*)\)\.buffer\)/g,
      '__rdInt32Bytes($1)',
    );
    expect(patched).not.toContain(EXPR);
    expect(patched.split('__rdInt32Bytes(').length - 1).toBe(bundle.split(EXPR).length - 1);
    writeFileSync(copy, patched);
    (globalThis as Record<string, unknown>).__rdInt32Bytes = int32Bytes;
    const tf = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
    require(copy);
    await tf.setBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');

    const rand = (n: number) => Float32Array.from({ length: n }, () => Math.round((rnd() * 4 - 2) * 8) / 8);
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(1e-4);
    };
    for (let t = 0; t < 120; t++) {
      if (t === 60) for (let i = 0; i < INT32_BYTES_CACHE_SIZE; i++) int32Bytes([-1, i]); // reset mid-way
      const m = randInt(1, 6),
        k = randInt(1, 6),
        n = randInt(1, 6);
      // a [m, k] - b [k] (broadcast) and a * a
      const a = rand(m * k),
        b = rand(k);
      const sub = tf.sub(tf.tensor2d(a, [m, k]), tf.tensor1d(b));
      close(
        sub.dataSync(),
        Array.from(a, (v, i) => v - (b[i % k] as number)),
      );
      close(
        tf.mul(tf.tensor2d(a, [m, k]), tf.tensor2d(a, [m, k])).dataSync(),
        Array.from(a, (v) => v * v),
      );
      // [m, k] x [k, n]
      const c = rand(k * n);
      const mm = tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(c, [k, n])).dataSync();
      const want = new Float32Array(m * n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++)
          for (let l = 0; l < k; l++)
            want[i * n + j] = (want[i * n + j] as number) + (a[i * k + l] as number) * (c[l * n + j] as number);
      close(mm, want);
      // transpose [m, k, n] by [2, 0, 1]
      const x = rand(m * k * n);
      const tr = tf.transpose(tf.tensor3d(x, [m, k, n]), [2, 0, 1]).dataSync();
      const wantT = new Float32Array(m * k * n);
      for (let i = 0; i < m; i++)
        for (let l = 0; l < k; l++)
          for (let j = 0; j < n; j++) wantT[j * m * k + i * k + l] = x[i * k * n + l * n + j] as number;
      close(tr, wantT);
      tf.disposeVariables();
    }
    expect(int32BytesCached()).toBeGreaterThan(0);
  });
});
