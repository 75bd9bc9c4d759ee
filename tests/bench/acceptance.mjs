/**
 * The toy-model acceptance figures, measured with the headless runner (same model code as the
 * app, wasm backend in Node). Usage: node tests/bench/acceptance.mjs [steps=20000]
 * Writes bench-results/acceptance.json and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const steps = Number(process.argv[2] ?? 20000);
const run = (args) => {
  const out = execFileSync(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      'src/cli/rd.ts',
      '--preset',
      'toy',
      '--steps',
      String(steps),
      '--every',
      String(steps),
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop());
};
const cases = [];
const add = (name, args, check) => {
  const r = run(args);
  const ok = check(r);
  cases.push({
    name,
    args: args.join(' '),
    ok,
    rate: r.rate,
    distortion: r.distortion,
    negElboMinusH: r.negElbo - r.entropy,
    classInfo: r.classInfo,
    multiplier: r.multiplier,
  });
  console.log(
    `${ok ? 'PASS' : 'MISS'}  ${name.padEnd(44)} R=${r.rate.toFixed(5)}  D=${r.distortion.toFixed(5)}  −ELBO−H=${(r.negElbo - r.entropy).toExponential(2)}  I(z;z*)=${r.classInfo.toFixed(4)}  μ=${r.multiplier.toFixed(3)}`,
  );
};
add(
  'tabular ELBO: R<0.01, |−ELBO−H|<0.002, I<0.01',
  ['--family', 'tabular', '--objective', 'elbo'],
  (r) => r.rate < 0.01 && Math.abs(r.negElbo - r.entropy) < 0.002 && r.classInfo < 0.01,
);
for (const family of ['tabular', 'smooth']) {
  for (const s of [0.1, 0.5, 1.5, 2.5])
    add(
      `${family} multiplier σ=${s}: |R−σ|<0.01`,
      ['--family', family, '--objective', 'target-lagrange', '--target-rate', String(s)],
      (r) => Math.abs(r.rate - s) < 0.01,
    );
  add(
    `${family} penalty λ=1 σ=0.5 (where R lands)`,
    ['--family', family, '--objective', 'target-penalty', '--target-rate', '0.5', '--penalty', '1'],
    () => true,
  );
}
for (const seed of [1, 2, 3, 4, 5])
  add(
    `smooth multiplier σ=0.5 seed ${seed}: I(z;z*)≥0.25`,
    ['--family', 'smooth', '--objective', 'target-lagrange', '--target-rate', '0.5', '--seed', String(seed)],
    (r) => r.classInfo >= 0.25,
  );
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/acceptance.json', JSON.stringify({ steps, cases }, null, 2));
