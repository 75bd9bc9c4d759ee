/**
 * The IDX format of LeCun et al.'s MNIST files: a big-endian magic 0x0000 08 D (unsigned bytes,
 * D dimensions), D big-endian u32 sizes, then the bytes in row-major order. Pure TypeScript.
 */

export interface IdxArray {
  /** Sizes, e.g. [60000, 28, 28] for images, [60000] for labels. */
  dims: number[];
  /** [product of dims] unsigned bytes (grey levels 0–255, or labels 0–9). */
  data: Uint8Array;
}

/** Parse an IDX file of unsigned bytes; throws an Error with a readable message otherwise. */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new Error('IDX file too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0 || bytes[2] !== 0x08) throw new Error('not an IDX file of unsigned bytes');
  const d = bytes[3] as number;
  if (d < 1 || d > 4 || bytes.length < 4 + 4 * d) throw new Error('IDX header is malformed');
  const dims = Array.from({ length: d }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * d;
  if (bytes.length !== start + count)
    throw new Error(`IDX length ${bytes.length} does not match its header (${start + count})`);
  return { dims, data: bytes.subarray(start) };
}
