/**
 * A heat map of a rows×cols probability table drawn on a 2-D canvas from a typed array
 * (WebGPU canvases read back blank in headless Chromium; a 2-D canvas does not).
 */
import { interpolateViridis, rgb } from 'd3';
import { useEffect, useRef } from 'react';

export interface HeatmapProps {
  title: string;
  /** Row-major values [rows][cols]. */
  values: readonly number[];
  rows: number;
  cols: number;
  rowLabel: string;
  colLabel: string;
  size?: number;
}

/** 256-entry viridis lookup table (r, g, b), built once. */
const LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolateViridis(i / 255));
    lut.set([c.r, c.g, c.b], i * 3);
  }
  return lut;
})();

/** The largest entry (the top of the colour scale). */
const maxOf = (values: readonly number[]): number => values.reduce((a, v) => Math.max(a, v), 0);

export function Heatmap({ title, values, rows, cols, rowLabel, colLabel, size = 120 }: HeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(cols, rows);
    let max = 1e-12;
    for (const v of values) max = Math.max(max, v);
    for (let i = 0; i < rows * cols; i++) {
      // Square-root scale so small probabilities stay visible.
      const k = 3 * Math.round(255 * Math.sqrt(Math.min(1, Math.max(0, (values[i] ?? 0) / max))));
      img.data[4 * i] = LUT[k] as number;
      img.data[4 * i + 1] = LUT[k + 1] as number;
      img.data[4 * i + 2] = LUT[k + 2] as number;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [values, rows, cols]);
  return (
    <figure className="heatmap">
      <figcaption>{title}</figcaption>
      <canvas
        ref={ref}
        width={cols}
        height={rows}
        style={{ width: size, height: size }}
        aria-label={`${title}: rows ${rowLabel}, columns ${colLabel}`}
      />
      <div className="heatmap-axes">
        rows {rowLabel} · cols {colLabel}
      </div>
      <div
        className="heatmap-scale"
        data-testid="heatmap-scale"
        title="Colour scale: probability, square-root scale, 0 to the table's largest entry"
      >
        <span>0</span>
        <span className="heatmap-ramp" style={{ width: size * 0.6 }} />
        <span>{maxOf(values).toPrecision(2)}</span>
      </div>
    </figure>
  );
}
