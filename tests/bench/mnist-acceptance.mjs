/**
 * The MNIST acceptance figures, measured with the headless runner (same model code as the app,
 * wasm backend in Node). Usage: node tests/bench/mnist-acceptance.mjs [mlpSteps=2000] [pixelSteps=1500]
 * Writes bench-results/mnist-acceptance.json (every final line) and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const mlpSteps = Number(process.argv[2] ?? 2000);
const pixelSteps = Number(process.argv[3] ?? 1500);
const results = [];
const run = (name, args, steps) => {
  const all = ['--preset', 'mnist', '--steps', String(steps), '--every', String(steps), ...args];
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/rd.ts', ...all], {
    encoding: 'utf8',
  });
  const r = JSON.parse(out.trim().split('\n').pop());
  results.push({ name, args: all.join(' '), ...r });
  console.log(
    `${name.padEnd(34)} R=${r.rate.toFixed(2)} D=${r.distortion.toFixed(2)} test: R=${r.testRate.toFixed(2)} D=${r.testDistortion.toFixed(2)} −ELBO=${r.testNegElbo.toFixed(2)} IWAE=${r.iwae.toFixed(2)} AU=${r.activeUnits} (${r.seconds.toFixed(0)} s)`,
  );
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/mnist-acceptance.json', JSON.stringify({ mlpSteps, pixelSteps, results }, null, 2));
  return r;
};
const which = process.env.ONLY ?? 'sweep,pixel';
if (which.includes('pixel')) {
  const p1 = run('PixelCNN (−+−) β=1', ['--decoder', '+', '--objective', 'elbo', '--batch', '32'], pixelSteps);
  const p11 = run(
    'PixelCNN (−+−) β=1.1',
    ['--decoder', '+', '--objective', 'beta', '--beta', '1.1', '--batch', '32'],
    pixelSteps,
  );
  const p03 = run(
    'PixelCNN (−+−) β=0.3',
    ['--decoder', '+', '--objective', 'beta', '--beta', '0.3', '--batch', '32'],
    pixelSteps,
  );
  console.log(
    `PixelCNN: test R < 1 at β=1: ${p1.testRate < 1}, at β=1.1: ${p11.testRate < 1}; test R > 10 at β=0.3: ${p03.testRate > 10}`,
  );
}
if (which.includes('sweep')) {
  const sweep = [0.1, 0.3, 1, 3, 10].map((b) =>
    run(`MLP (−−−) β=${b}`, ['--objective', 'beta', '--beta', String(b)], mlpSteps),
  );
  const rDown = sweep.every((r, i) => i === 0 || r.testRate < sweep[i - 1].testRate);
  const dUp = sweep.every((r, i) => i === 0 || r.testDistortion > sweep[i - 1].testDistortion);
  console.log(
    `β sweep: test R strictly decreasing ${rDown}, test D strictly increasing ${dUp}; MLP decoder at β=1: test R = ${sweep[2].testRate.toFixed(2)} (> 10: ${sweep[2].testRate > 10})`,
  );
}
