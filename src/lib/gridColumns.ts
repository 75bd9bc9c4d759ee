/** Picking columns out of an image grid on the main thread (the chain view's frame 0 and frame t). */

/** An image grid: [rows · columns · pixels] intensities in [0, 1] (model/vae/images.ts ImageGrid). */
export interface ImageGrid {
  rows: number;
  columns: number;
  pixels: number;
  data: Float32Array;
}
/** Columns `cols` of a grid (e.g. frame 0 and frame t of a chain), as a new grid. Pure. */
export function gridColumns(grid: ImageGrid, cols: readonly number[]): ImageGrid {
  const { rows, columns, pixels } = grid;
  const data = new Float32Array(rows * cols.length * pixels);
  for (let r = 0; r < rows; r++) {
    cols.forEach((c, j) => {
      if (c < 0 || c >= columns) throw new Error(`no column ${c}`);
      data.set(
        grid.data.subarray((r * columns + c) * pixels, (r * columns + c + 1) * pixels),
        (r * cols.length + j) * pixels,
      );
    });
  }
  return { rows, columns: cols.length, pixels, data };
}
