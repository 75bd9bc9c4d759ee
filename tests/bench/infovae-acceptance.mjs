/**
 * Issue 4's MNIST acceptance figures, measured with the headless runner (the app's model code,
 * wasm backend in Node). Usage:
 *   node tests/bench/infovae-acceptance.mjs [mlpSteps=2000] [pixelSteps=1500]   (ONLY=pixel,vimae,lagrange)
 * Writes bench-results/infovae-acceptance.json (every final line) and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const mlpSteps = Number(process.argv[2] ?? 2000);
const pixelSteps = Number(process.argv[3] ?? 1500);
const OUT = 'bench-results/infovae-acceptance.json';
// With ONLY=…, the other groups' earlier results stay in the file.
const results = process.env.ONLY && existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')).results : [];
const f = (v, d = 2) => (typeof v === 'number' ? v.toFixed(d) : String(v));
const run = (name, args, steps) => {
  const all = [
    '--preset',
    'mnist',
    '--steps',
    String(steps),
    '--every',
    String(Math.max(1, Math.round(steps / 100))),
    '--eval-every',
    String(steps),
    ...args,
  ];
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/rd.ts', ...all], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const r = lines[lines.length - 1];
  // The batch R over the last 30 % of training (the Lagrangian criterion: held, not touched once).
  const tail = lines.filter((l) => l.step >= 0.7 * steps && l.step > 0);
  const tailRates = tail.map((l) => l.rate);
  const old = results.findIndex((x) => x.name === name);
  if (old >= 0) results.splice(old, 1);
  results.push({
    name,
    args: all.join(' '),
    ...r,
    tailRateMin: Math.min(...tailRates),
    tailRateMax: Math.max(...tailRates),
    trajectory: lines.map((l) => ({
      step: l.step,
      rate: l.rate,
      distortion: l.distortion,
      mmd: l.mmd,
      multipliers: l.multipliers,
    })),
  });
  console.log(
    `${name.padEnd(30)} test R=${f(r.testRate)} D=${f(r.testDistortion)} −ELBO=${f(r.testNegElbo)} MMD=${f(r.testMmd, 4)} AU=${r.activeUnits} MI=${f(r.miEstimate)} E=${f(r.genMiLower)} kNN100=${f(r.knn100, 3)} kNN1000=${f(r.knn1000, 3)} kNNz=${f(r.knnSample1000, 3)} μ=[${r.multipliers.map((m) => f(m, 3)).join(', ')}] (${f(r.seconds, 0)} s)`,
  );
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(OUT, JSON.stringify({ mlpSteps, pixelSteps, results }, null, 2));
  return { ...r, tailRates };
};
const which = process.env.ONLY ?? 'pixel,vimae,lagrange';
if (which.includes('pixel')) {
  const px = ['--decoder', '+', '--batch', '32'];
  const elbo = run('PixelCNN (−+−) ELBO', [...px, '--objective', 'elbo'], pixelSteps);
  const info = run(
    `PixelCNN (−+−) InfoVAE α=1 λ=${process.env.INFO_LAMBDA ?? '100'}`,
    [...px, '--objective', 'infovae', '--alpha', '1', '--lambda', process.env.INFO_LAMBDA ?? '100'],
    pixelSteps,
  );
  const ae = run('PixelCNN (−+−) L_AE', [...px, '--objective', 'ae'], pixelSteps);
  console.log(
    `PixelCNN: ELBO test R = ${f(elbo.testRate)} (< 1: ${elbo.testRate < 1}); InfoVAE R = ${f(info.testRate)} (> 5: ${info.testRate > 5}); L_AE R = ${f(ae.testRate)} (> 5: ${ae.testRate > 5})`,
  );
  console.log(
    `semi-supervised 1-NN on means (100 / 1000 labels) and on sampled codes (1000): ELBO ${f(elbo.knn100, 3)} / ${f(elbo.knn1000, 3)} / ${f(elbo.knnSample1000, 3)}, InfoVAE ${f(info.knn100, 3)} / ${f(info.knn1000, 3)} / ${f(info.knnSample1000, 3)}, L_AE ${f(ae.knn100, 3)} / ${f(ae.knn1000, 3)} / ${f(ae.knnSample1000, 3)}`,
  );
}
if (which.includes('vimae')) {
  const arch = ['--latent-dim', '2', '--depth', '3', '--hidden', '256'];
  const lam = process.env.VIMAE_LAMBDA ?? '100';
  const rs = [
    run('Fig1 VAE', [...arch, '--objective', 'elbo'], mlpSteps),
    run('Fig1 β_H-VAE β=10', [...arch, '--objective', 'beta', '--beta', '10'], mlpSteps),
    run('Fig1 β_A-VAE β=0.2', [...arch, '--objective', 'beta', '--beta', '0.2'], mlpSteps),
    run(`Fig1 VIMAE-n λ=${lam}`, [...arch, '--objective', 'vimae', '--lambda', lam, '--prior', 'normal'], mlpSteps),
    run(`Fig1 VIMAE-l λ=${lam}`, [...arch, '--objective', 'vimae', '--lambda', lam, '--prior', 'logistic'], mlpSteps),
  ];
  const [, , ba, vn, vl] = rs;
  console.log(
    `VIMAE Figure 1: MMD β_A ${f(ba.testMmd, 4)} vs VIMAE-n ${f(vn.testMmd, 4)} (ratio ${f(ba.testMmd / vn.testMmd, 1)}) and VIMAE-l ${f(vl.testMmd, 4)} (ratio ${f(ba.testMmd / vl.testMmd, 1)}); test D: β_A ${f(ba.testDistortion)}, VIMAE-n ${f(vn.testDistortion)}, VIMAE-l ${f(vl.testDistortion)}`,
  );
}
if (which.includes('lagrange')) {
  for (const sigma of [5, 20]) {
    const r = run(`Lagrangian R = ${sigma}`, ['--objective', 'lagrangian', '--constraint', `rate=${sigma}`], mlpSteps);
    const worst = Math.max(...r.tailRates.map((v) => Math.abs(v - sigma) / sigma));
    const mean = r.tailRates.reduce((a, b) => a + b, 0) / r.tailRates.length;
    console.log(
      `R = ${sigma}: R on 1,000 training images ${f(r.trainRate)} (${f((100 * (r.trainRate - sigma)) / sigma, 1)} %), test R ${f(r.testRate)} (${f((100 * (r.testRate - sigma)) / sigma, 1)} %); batch R over the last 30 %: mean ${f(mean)} (${f((100 * (mean - sigma)) / sigma, 1)} %), every batch within ${f(100 * worst, 1)} %; μ_R = ${f(r.multipliers[0], 3)} in [−50, 50]`,
    );
  }
  const eps = process.env.MMD_EPS ?? '0.002';
  const m = run(
    `Lagrangian β=1 + MMD ≤ ${eps}`,
    ['--objective', 'elbo', '--latent-dim', '2', '--constraint', `mmd<=${eps}`],
    mlpSteps,
  );
  const free = run('ELBO, no constraint (2-D)', ['--objective', 'elbo', '--latent-dim', '2'], mlpSteps);
  console.log(
    `MMD ≤ ${eps}: test MMD ${f(m.testMmd, 5)} (unconstrained ${f(free.testMmd, 5)}); μ_MMD = ${f(m.multipliers[1], 2)} in [0, 2000]`,
  );
}
