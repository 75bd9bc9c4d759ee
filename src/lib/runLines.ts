/**
 * Runner output files (`npm run rd -- … --out FILE`): a header line, then one JSON line per
 * report ({step, rate, distortion, …} in nats; image runs add testRate / testDistortion). Parsed
 * here, checked, into a read-only run for the planes: its trajectory and its last point.
 */

/** The file format's name and version (written by the runner's --out, checked by the app's import). */
export const RUN_LINES_SCHEMA = 'rd-explorer/runner-lines';
export const RUN_LINES_VERSION = 1;
/** Larger files are refused (a long run at --every 1 is still far below this). */
export const MAX_RUN_LINES_CHARS = 64 * 1024 * 1024;

/** One point of an imported run (nats). */
export interface RunLinePoint {
  step: number;
  rateNats: number;
  distortionNats: number;
}

/** A run imported from a runner file: shown on the planes, never trained. */
export interface ImportedRun {
  /** Unique on the page: "file:" + the file name (and a count when the name repeats). */
  id: string;
  /** The file name and the objective it ran, e.g. "beta0.3.jsonl: beta β = 0.3". */
  label: string;
  /**
   * Which planes it belongs on: toy, gauss, or an MNIST image source — the runner's --images
   * (static-mnist or mnist; files from before that flag were on the small set, 'mnist').
   */
  dataset: 'toy' | 'gauss' | 'mnist' | 'static-mnist';
  points: RunLinePoint[];
  /** The code version that wrote it. */
  code: string;
}

/** Whether an imported run is drawn on the planes of the experiment's dataset. */
export function onPlanesOf(run: Pick<ImportedRun, 'dataset'>, dataset: string): boolean {
  return run.dataset === dataset;
}

/** Parse a runner file; an error message (nothing imported) when it is not one. */
export function parseRunLines(fileName: string, text: string): { run: Omit<ImportedRun, 'id'> } | { error: string } {
  if (text.length > MAX_RUN_LINES_CHARS) return { error: 'it is too large' };
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return { error: 'it is empty' };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(lines[0] as string) as Record<string, unknown>;
  } catch {
    return {
      error: 'its first line is not JSON (a runner file starts with a header line: npm run rd -- … --out FILE)',
    };
  }
  if (header === null || typeof header !== 'object' || header.schema !== RUN_LINES_SCHEMA)
    return { error: `it is not a runner file (no "${RUN_LINES_SCHEMA}" header)` };
  if (header.version !== RUN_LINES_VERSION)
    return {
      error:
        `it is version ${String(header.version)} of the runner format; ` +
        `this app reads version ${RUN_LINES_VERSION}`,
    };
  const settings = (header.settings ?? {}) as {
    preset?: unknown;
    image?: { images?: unknown };
    objective?: { kind?: unknown; beta?: unknown; targetRateNats?: unknown };
  };
  const images = settings.image?.images === 'static-mnist' ? 'static-mnist' : 'mnist';
  const dataset =
    settings.preset === 'mnist'
      ? images
      : settings.preset === 'gauss' || settings.preset === 'toy'
        ? settings.preset
        : null;
  if (dataset === null) return { error: 'its header names no preset (toy, mnist or gauss)' };
  const points: RunLinePoint[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return { error: `line ${i + 2} is not JSON` };
    }
    const step = v.step;
    // Image runs: the held-out numbers where the line has them (what the app's image planes show), else the batch's.
    const rate = typeof v.testRate === 'number' ? v.testRate : v.rate;
    const distortion = typeof v.testDistortion === 'number' ? v.testDistortion : v.distortion;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return { error: `line ${i + 2} has no step` };
    if (
      typeof rate !== 'number' ||
      typeof distortion !== 'number' ||
      !Number.isFinite(rate) ||
      !Number.isFinite(distortion) ||
      rate < 0
    )
      return { error: `line ${i + 2} has no finite rate and distortion` };
    points.push({ step, rateNats: rate, distortionNats: distortion });
  }
  if (points.length === 0) return { error: 'it has a header but no reports' };
  const o = settings.objective ?? {};
  const what =
    o.kind === 'beta' || o.kind === 'anneal'
      ? `${String(o.kind)} β = ${String(o.beta)}`
      : o.kind === 'target-penalty' || o.kind === 'target-lagrange'
        ? `${String(o.kind)} σ = ${String(o.targetRateNats)}`
        : String(o.kind ?? 'run');
  return {
    run: {
      label: `${fileName}: ${what}`,
      dataset,
      points,
      code: typeof header.code === 'string' ? header.code : 'unknown',
    },
  };
}
