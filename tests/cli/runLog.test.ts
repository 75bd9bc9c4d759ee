/**
 * The runner's sweep form and --out files (src/cli/runLog.ts): values of a list or a range, one
 * run per value with its own file name, the header line; and the runner itself writing a file
 * for a two-value toy sweep (a child process, as a user runs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { expandSweep, headerLine, sweepValues } from '../../src/cli/runLog';
import { RUN_LINES_SCHEMA } from '../../src/lib/runLines';

describe('runner sweeps and --out', () => {
  it('lists and ranges: β log-spaced, σ linear; bad ones are usage errors', () => {
    expect(sweepValues('beta', '0.1,0.3,1')).toEqual([0.1, 0.3, 1]);
    expect(sweepValues('beta', '0.1:10:3')).toEqual([0.1, 1, 10]);
    expect(sweepValues('target-rate', '0:2:5')).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(() => sweepValues('beta', '0:1:3')).toThrow(UsageError);
    expect(() => sweepValues('beta', '1,,2')).toThrow(UsageError);
    expect(() => sweepValues('beta', '1:2:1')).toThrow(UsageError);
  });

  it('one run per value (a grid over both flags), each with its own file', () => {
    const runs = expandSweep([
      '--preset',
      'toy',
      '--beta',
      '0.5,2',
      '--target-rate=1,3',
      '--out',
      'runs/b{beta}.jsonl',
    ]);
    expect(runs.map((r) => r.out)).toEqual(
      ['runs/b0.5.jsonl', 'runs/b0.5.jsonl', 'runs/b2.jsonl', 'runs/b2.jsonl'].map((f, i) =>
        f.replace('.jsonl', `-target-rate${[1, 3][i % 2]}.jsonl`),
      ),
    );
    expect(runs).toHaveLength(4);
    expect(new Set(runs.map((r) => r.argv.join(' '))).size).toBe(4);
    expect(runs[3]?.argv).toEqual(['--preset', 'toy', '--beta', '2', '--target-rate', '3']);
    expect(expandSweep(['--beta', '0.5,2', '--out', 'out/run.jsonl']).map((r) => r.out)).toEqual([
      'out/run-beta0.5.jsonl',
      'out/run-beta2.jsonl',
    ]);
    expect(expandSweep(['--beta', '0.5', '--out', 'one.jsonl'])).toEqual([
      { argv: ['--beta', '0.5'], out: 'one.jsonl' },
    ]);
    expect(expandSweep(['--steps', '10'])).toEqual([{ argv: ['--steps', '10'], out: null }]);
  });

  it('the header line names the schema, the code version and the settings', () => {
    const h = JSON.parse(headerLine(['--beta', '2'], { beta: 2 })) as Record<string, unknown>;
    expect(h).toMatchObject({
      header: true,
      schema: RUN_LINES_SCHEMA,
      version: 1,
      args: ['--beta', '2'],
      settings: { beta: 2 },
    });
    expect(String(h.code)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('npm run rd with a sweep and --out writes one file per run: a header, then the JSON lines, the last final', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-sweep-'));
    execFileSync(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        'src/cli/rd.ts',
        '--preset',
        'toy',
        '--objective',
        'beta',
        '--beta',
        '0.5,2',
        '--steps',
        '40',
        '--every',
        '20',
        '--out',
        join(dir, 'toy.jsonl'),
      ],
      { encoding: 'utf8' },
    );
    for (const beta of [0.5, 2]) {
      const lines = readFileSync(join(dir, `toy-beta${beta}.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ header: true, schema: RUN_LINES_SCHEMA });
      expect(lines.slice(1).map((l) => l.step)).toEqual([0, 20, 40]);
      expect(lines.at(-1)).toMatchObject({ final: true, beta });
    }
  });
});
