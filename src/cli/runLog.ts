/**
 * The runner's bridge to bigger sweeps: `--out FILE` writes the JSON lines to a file, after one
 * header line (the full settings, the arguments and the code version), and a sweep form
 * (`--beta 0.1,0.3,1,3`, or `--beta 0.1:10:5` for 5 values log-spaced from 0.1 to 10; the same
 * for `--target-rate`, linearly spaced) runs one model per value, one file per run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { RUN_LINES_SCHEMA, RUN_LINES_VERSION } from '../lib/runLines';
import { UsageError } from './args';

/** Flags that take a list or a range; a run per value. */
const SWEEPABLE = ['beta', 'target-rate'] as const;

/** Values of a sweep flag: "a,b,c" as given; "lo:hi:n" log-spaced (β, lo > 0) or linear (σ). */
export function sweepValues(flag: string, raw: string): number[] {
  const range = /^([^:]+):([^:]+):(\d+)$/.exec(raw);
  if (range) {
    const [lo, hi, n] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || n < 2 || n > 1000)
      throw new UsageError(`--${flag} range must be lo:hi:n with 2 ≤ n ≤ 1000, got "${raw}"`);
    const log = flag === 'beta';
    if (log && (lo <= 0 || hi <= 0))
      throw new UsageError(`--${flag} range is log-spaced: lo and hi must be > 0, got "${raw}"`);
    return Array.from({ length: n }, (_, i) => {
      const t = i / (n - 1);
      const v = log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
      return Number(v.toPrecision(6));
    });
  }
  return raw.split(',').map((x) => {
    const v = Number(x);
    if (x.trim() === '' || !Number.isFinite(v))
      throw new UsageError(`--${flag} must be a number, a list a,b,c or a range lo:hi:n, got "${raw}"`);
    return v;
  });
}

/** One run of a sweep: its arguments (one value per sweep flag) and its output file. */
export interface SweepRun {
  argv: string[];
  out: string | null;
}

/**
 * Expand argv into the runs of a sweep (one run when no flag has several values). With --out and
 * several runs, each file is named after its value: FILE's "{beta}" / "{target-rate}" replaced, or
 * "-beta0.3" put before its extension.
 */
export function expandSweep(argv: readonly string[]): SweepRun[] {
  const args = [...argv];
  const take = (flag: string): string | null => {
    const i = args.findIndex((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
    if (i < 0) return null;
    const value = args[i]?.includes('=') ? (args[i] as string).slice(flag.length + 3) : args[i + 1];
    if (value === undefined) return null;
    args.splice(i, args[i]?.includes('=') ? 1 : 2);
    return value;
  };
  const out = take('out');
  const sweeps = SWEEPABLE.flatMap((flag) => {
    const raw = take(flag);
    return raw === null ? [] : [{ flag, values: sweepValues(flag, raw) }];
  });
  let runs: { argv: string[]; tags: string[] }[] = [{ argv: args, tags: [] }];
  for (const { flag, values } of sweeps) {
    runs = runs.flatMap((r) =>
      values.map((v) => ({ argv: [...r.argv, `--${flag}`, String(v)], tags: [...r.tags, `${flag}:${v}`] })),
    );
  }
  const several = runs.length > 1;
  return runs.map((r) => ({ argv: r.argv, out: out === null ? null : several ? fileFor(out, r.tags) : out }));
}

function fileFor(pattern: string, tags: string[]): string {
  let name = pattern;
  const rest: string[] = [];
  for (const t of tags) {
    const [flag, v] = t.split(':') as [string, string];
    if (name.includes(`{${flag}}`)) name = name.replaceAll(`{${flag}}`, v);
    else rest.push(`${flag}${v}`);
  }
  // Values with no placeholder of their own go before the extension, so no two runs share a file.
  if (rest.length === 0) return name;
  const suffix = rest.join('-');
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') ? `${name.slice(0, dot)}-${suffix}${name.slice(dot)}` : `${name}-${suffix}`;
}

/** The code version: package version and git commit where there is one (a dirty tree says so). */
export function codeVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() !== '';
    return `${pkg.version}+${commit}${dirty ? '-dirty' : ''}`;
  } catch {
    return pkg.version;
  }
}

/** The first line of an --out file. */
export function headerLine(argv: readonly string[], config: unknown): string {
  return JSON.stringify({
    header: true,
    schema: RUN_LINES_SCHEMA,
    version: RUN_LINES_VERSION,
    code: codeVersion(),
    args: argv,
    settings: config,
    writtenAt: new Date().toISOString(),
  });
}
