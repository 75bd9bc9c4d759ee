/**
 * A grid of binary-image intensities [rows · columns · pixels] (0–1) drawn on a 2-D canvas from
 * the typed array (black ink on white), with column titles above.
 */
import { useEffect, useRef } from 'react';
import type { ImageGrid } from '../worker/protocol';

export interface ImageGridProps {
  grid: ImageGrid;
  columnTitles: readonly string[];
  label: string;
  /** Screen pixels per image pixel. */
  scale?: number;
  testId?: string;
}

const GAP = 2;

export function ImageGridCanvas({ grid, columnTitles, label, scale = 2, testId }: ImageGridProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const side = Math.round(Math.sqrt(grid.pixels));
  const cell = side * scale + GAP;
  const width = grid.columns * cell;
  const height = grid.rows * cell;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    img.data.fill(255);
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.columns; c++) {
        const base = (r * grid.columns + c) * grid.pixels;
        for (let p = 0; p < grid.pixels; p++) {
          const v = Math.round(255 * (1 - Math.min(1, Math.max(0, grid.data[base + p] as number))));
          const py = Math.floor(p / side);
          const px = p % side;
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const o = 4 * ((r * cell + py * scale + dy) * width + c * cell + px * scale + dx);
              img.data[o] = v;
              img.data[o + 1] = v;
              img.data[o + 2] = v;
            }
          }
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [grid, width, height, cell, side, scale]);
  return (
    <figure className="image-grid">
      <div className="grid-titles" style={{ width }}>
        {columnTitles.map((t) => (
          <span key={t} style={{ width: cell }}>
            {t}
          </span>
        ))}
      </div>
      <canvas ref={ref} width={width} height={height} role="img" aria-label={label} data-testid={testId} />
    </figure>
  );
}
