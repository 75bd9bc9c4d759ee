/** Picking columns out of an image grid (lib/gridColumns.ts), checked pixel by pixel. */
import { describe, expect, it } from 'vitest';
import { gridColumns, type ImageGrid } from '../../src/lib/gridColumns';

/** A grid whose pixel i of cell (r, c) holds r·100 + c·10 + i, so every copied value says where it came from. */
function grid(rows: number, columns: number, pixels: number): ImageGrid {
  const data = new Float32Array(rows * columns * pixels);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++)
      for (let i = 0; i < pixels; i++) data[(r * columns + c) * pixels + i] = r * 100 + c * 10 + i;
  return { rows, columns, pixels, data };
}

describe('gridColumns', () => {
  it('takes the asked columns of every row, in the asked order (repeats allowed)', () => {
    const g = grid(3, 5, 4);
    const cols = [4, 0, 4];
    const out = gridColumns(g, cols);
    expect([out.rows, out.columns, out.pixels]).toEqual([3, 3, 4]);
    const want: number[] = [];
    for (let r = 0; r < 3; r++) for (const c of cols) for (let i = 0; i < 4; i++) want.push(r * 100 + c * 10 + i);
    expect(Array.from(out.data)).toEqual(want);
  });

  it('a copy: writing to the result leaves the grid as it was; no columns gives an empty grid', () => {
    const g = grid(2, 2, 3);
    const out = gridColumns(g, [1]);
    out.data.fill(-1);
    expect(g.data[3]).toBe(10);
    expect(gridColumns(g, [])).toEqual({ rows: 2, columns: 0, pixels: 3, data: new Float32Array(0) });
  });

  it('a column outside the grid throws', () => {
    const g = grid(2, 3, 1);
    expect(() => gridColumns(g, [3])).toThrow(/no column 3/);
    expect(() => gridColumns(g, [-1])).toThrow(/no column -1/);
  });
});
