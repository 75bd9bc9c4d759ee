/**
 * The two-Gaussian experiment of 004 §4.1 (its Figure 1), measured with the headless runner:
 * β = 1, β = 0.5, and β = 0.5 with the MI cap R ≤ 2, the MI I_q(x; z) and the true
 * −E log p(x) by quadrature every 250 steps. Usage: node tests/bench/mixture-acceptance.mjs [steps=8000]
 * Writes bench-results/mixture-acceptance.json and .svg (MI and NLL over training) and prints
 * the pattern: MI up while NLL gets worse, then NLL recovering once MI stops growing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const steps = Number(process.argv[2] ?? 8000);
const configs = [
  { name: 'β = 1 (ELBO)', args: ['--objective', 'beta', '--beta', '1'], colour: '#1f77b4' },
  { name: 'β = 0.5', args: ['--objective', 'beta', '--beta', '0.5'], colour: '#ff7f0e' },
  {
    name: 'β = 0.5, R ≤ 2 (MI cap)',
    args: ['--objective', 'beta', '--beta', '0.5', '--constraint', 'rate<=2'],
    colour: '#2ca02c',
  },
];
const results = configs.map((c) => {
  const all = [
    '--preset',
    'gauss',
    '--steps',
    String(steps),
    '--every',
    '250',
    '--eval-every',
    '250',
    '--batch',
    '128',
    '--lr',
    '0.001',
    ...c.args,
  ];
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/rd.ts', ...all], {
    encoding: 'utf8',
  });
  const rows = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((r) => r.mi !== undefined);
  return { ...c, command: `npm run rd -- ${all.join(' ')}`, rows };
});
const H = results[0].rows[0].entropy;
const f = (v, d = 3) => v.toFixed(d);
console.log(`H = ${f(H, 4)} nats (differential entropy of q(x))`);
console.log(`step   ${results.map((r) => `${r.name}: MI / NLL`.padEnd(30)).join('')}`);
for (let i = 0; i < results[0].rows.length; i += 2) {
  console.log(
    `${String(results[0].rows[i].step).padEnd(7)}${results.map((r) => `${f(r.rows[i].mi)} / ${f(r.rows[i].trueNll, 4)}`.padEnd(30)).join('')}`,
  );
}
for (const r of results) {
  const peak = r.rows.reduce((a, b) => (b.trueNll > a.trueNll && b.step > 0 ? b : a), r.rows[1]);
  const final = r.rows[r.rows.length - 1];
  const first = r.rows[1];
  console.log(
    `${r.name}: NLL ${f(first.trueNll, 4)} at step ${first.step} → worst ${f(peak.trueNll, 4)} at step ${peak.step} (MI ${f(peak.mi)}) → ${f(final.trueNll, 4)} at ${final.step} (MI ${f(final.mi)})`,
  );
}
// SVG: MI (left) and NLL (right) over training.
const W = 420,
  Hh = 260,
  M = { l: 50, r: 10, t: 24, b: 36 };
const panel = (key, title, x0) => {
  const vs = results.flatMap((r) => r.rows.map((row) => row[key]));
  const lo = Math.min(...vs, key === 'trueNll' ? H : 0),
    hi = Math.max(...vs);
  const sx = (s) => x0 + M.l + ((W - M.l - M.r) * s) / steps;
  const sy = (v) => M.t + ((Hh - M.t - M.b) * (hi - v)) / (hi - lo || 1);
  const lines = results
    .map(
      (r) =>
        `<polyline fill="none" stroke="${r.colour}" stroke-width="2" points="${r.rows.map((row) => `${sx(row.step).toFixed(1)},${sy(row[key]).toFixed(1)}`).join(' ')}"/>`,
    )
    .join('');
  const ticks = [lo, (lo + hi) / 2, hi]
    .map((v) => `<text x="${x0 + M.l - 4}" y="${sy(v) + 4}" font-size="10" text-anchor="end">${v.toFixed(2)}</text>`)
    .join('');
  const hLine =
    key === 'trueNll'
      ? `<line x1="${sx(0)}" x2="${sx(steps)}" y1="${sy(H)}" y2="${sy(H)}" stroke="#555" stroke-dasharray="3 3"/><text x="${sx(steps) - 2}" y="${sy(H) - 3}" font-size="10" text-anchor="end">H</text>`
      : '';
  return `<text x="${x0 + M.l}" y="14" font-size="12">${title}</text>${ticks}<line x1="${sx(0)}" x2="${sx(0)}" y1="${M.t}" y2="${Hh - M.b}" stroke="#999"/><line x1="${sx(0)}" x2="${sx(steps)}" y1="${Hh - M.b}" y2="${Hh - M.b}" stroke="#999"/><text x="${(sx(0) + sx(steps)) / 2}" y="${Hh - 8}" font-size="10" text-anchor="middle">training step (0–${steps})</text>${hLine}${lines}`;
};
const legend = results
  .map((r, i) => `<text x="${60 + i * 250}" y="${Hh + 14}" font-size="11" fill="${r.colour}">${r.name}</text>`)
  .join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${Hh + 22}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${panel('mi', 'I_q(x; z), nats (quadrature)', 0)}${panel('trueNll', 'true −E log p(x), nats (quadrature)', W)}${legend}</svg>`;
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/mixture-acceptance.json',
  JSON.stringify(
    {
      steps,
      entropy: H,
      results: results.map(({ rows, ...r }) => ({
        ...r,
        rows: rows.map((x) => ({
          step: x.step,
          rate: x.rate,
          distortion: x.distortion,
          mi: x.mi,
          trueNll: x.trueNll,
          multipliers: x.multipliers,
        })),
      })),
    },
    null,
    2,
  ),
);
writeFileSync('bench-results/mixture-acceptance.svg', svg);
