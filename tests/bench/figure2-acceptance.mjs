/**
 * Figure-2 acceptance for the smooth-encoder family (Appendix-E smooth encoder, free decoder and
 * marginal), measured with the headless runner over seeds 1..10, two runs at a time.
 * Usage: node tests/bench/figure2-acceptance.mjs [steps=20000]
 * Writes bench-results/figure2-acceptance.json and prints a table.
 *
 * Criteria per seed:
 *   ELBO:                    R < 0.05, I(z;z*) < 0.03, |−ELBO − H| < 0.002
 *   target-lagrange σ = 0.5: |R − 0.5| < 0.005, I(z;z*) ≥ 0.25, |−ELBO − H| < 0.002
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const steps = Number(process.argv[2] ?? 20000);
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const CONCURRENCY = 2;
const SIGMA = 0.5;

const CASES = {
  elbo: {
    args: ['--objective', 'elbo'],
    checks: {
      'R<0.05': (r) => r.rate < 0.05,
      'I<0.03': (r) => r.classInfo < 0.03,
      '|-ELBO-H|<0.002': (r) => Math.abs(r.negElbo - r.entropy) < 0.002,
    },
  },
  'sigma=0.5': {
    args: ['--objective', 'target-lagrange', '--target-rate', String(SIGMA)],
    checks: {
      '|R-0.5|<0.005': (r) => Math.abs(r.rate - SIGMA) < 0.005,
      'I>=0.25': (r) => r.classInfo >= 0.25,
      '|-ELBO-H|<0.002': (r) => Math.abs(r.negElbo - r.entropy) < 0.002,
    },
  },
};

async function run(args) {
  const full = [
    'node_modules/tsx/dist/cli.mjs',
    'src/cli/rd.ts',
    '--preset',
    'toy',
    '--family',
    'smooth-encoder',
    '--steps',
    String(steps),
    '--every',
    String(steps),
    ...args,
  ];
  const { stdout } = await execFileP(process.execPath, full, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = JSON.parse(stdout.trim().split('\n').pop());
  if (!last.final) throw new Error(`no final line for ${args.join(' ')}`);
  return last;
}

const jobs = [];
for (const [caseName, c] of Object.entries(CASES))
  for (const seed of SEEDS) jobs.push({ caseName, seed, args: [...c.args, '--seed', String(seed)] });

const results = [];
let next = 0;
async function worker() {
  while (next < jobs.length) {
    const job = jobs[next++];
    const t0 = Date.now();
    const r = await run(job.args);
    const checks = Object.fromEntries(Object.entries(CASES[job.caseName].checks).map(([k, f]) => [k, f(r)]));
    const ok = Object.values(checks).every(Boolean);
    const row = {
      case: job.caseName,
      seed: job.seed,
      args: job.args.join(' '),
      ok,
      checks,
      rate: r.rate,
      distortion: r.distortion,
      negElbo: r.negElbo,
      entropy: r.entropy,
      negElboMinusH: r.negElbo - r.entropy,
      classInfo: r.classInfo,
      multiplier: r.multiplier,
      seconds: (Date.now() - t0) / 1000,
    };
    results.push(row);
    const failed = Object.entries(checks)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    console.error(
      `done ${job.caseName} seed ${job.seed} (${row.seconds.toFixed(1)} s) ${ok ? 'PASS' : `MISS ${failed.join(',')}`}`,
    );
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));

const order = Object.keys(CASES);
results.sort((a, b) => order.indexOf(a.case) - order.indexOf(b.case) || a.seed - b.seed);
console.log(`smooth-encoder figure-2 acceptance, ${steps} steps`);
console.log(
  [
    'case'.padEnd(10),
    'seed'.padStart(4),
    'R'.padStart(9),
    'D'.padStart(9),
    '−ELBO−H'.padStart(10),
    'I(z;z*)'.padStart(9),
    'μ'.padStart(7),
    '  result',
  ].join(' '),
);
for (const r of results) {
  const failed = Object.entries(r.checks)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  console.log(
    [
      r.case.padEnd(10),
      String(r.seed).padStart(4),
      r.rate.toFixed(5).padStart(9),
      r.distortion.toFixed(5).padStart(9),
      r.negElboMinusH.toExponential(2).padStart(10),
      r.classInfo.toFixed(4).padStart(9),
      r.multiplier.toFixed(3).padStart(7),
      `  ${r.ok ? 'PASS' : `MISS (${failed.join(', ')})`}`,
    ].join(' '),
  );
}
const summary = Object.fromEntries(
  order.map((c) => {
    const rows = results.filter((r) => r.case === c);
    return [c, { passed: rows.filter((r) => r.ok).length, total: rows.length }];
  }),
);
for (const [c, s] of Object.entries(summary)) console.log(`${c}: ${s.passed}/${s.total} seeds pass`);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/figure2-acceptance.json',
  `${JSON.stringify(
    {
      family: 'smooth-encoder',
      steps,
      criteria: {
        elbo: 'R < 0.05, classInfo < 0.03, |negElbo − entropy| < 0.002',
        'sigma=0.5':
          'target-lagrange --target-rate 0.5: |R − 0.5| < 0.005, classInfo ≥ 0.25, |negElbo − entropy| < 0.002',
      },
      summary,
      allPass: results.every((r) => r.ok),
      results,
    },
    null,
    2,
  )}\n`,
);
