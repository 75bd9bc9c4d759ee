/**
 * Our CPU step against PyTorch's on the same core, in one run: tests/bench/cpu-step.ts (tfjs-wasm, the
 * lean step and the tensor path) and tests/bench/torch_vae.py (PyTorch on the CPU, one thread, Debian's
 * python3-torch with OpenBLAS) on the same MLP VAEs, alternated `rounds` times so that both see the same
 * machine load. PyTorch is bench-only: installed from Debian when missing and possible (root, apt-get);
 * otherwise one line says so and the tfjs rows are still printed.
 * Usage: node tests/bench/cpu-step.mjs [rounds]   (also called by `npm run bench`)
 */
import { execFileSync, spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

/** Whether `import torch` works, after trying to install Debian's python3-torch once where we may. */
function torchAvailable() {
  const check = () => spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (check()) return true;
  if (process.getuid?.() !== 0) return false;
  console.log('PyTorch missing: apt-get install python3-torch libopenblas0-pthread (bench only) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['install', '-y', 'python3-torch', 'libopenblas0-pthread'], { stdio: 'ignore', env });
  return check();
}

const MODELS = [
  { hidden: 256, latent: 16, batch: 64 },
  { hidden: 512, latent: 20, batch: 128 },
];

export async function cpuStepBench(rounds = 2) {
  const torch = torchAvailable();
  if (!torch) console.log('PyTorch (python3-torch) is not available here: the ratio to PyTorch is not measured.');
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    if (torch)
      for (const m of MODELS) {
        const out = execFileSync(
          PYTHON,
          ['tests/bench/torch_vae.py', '--hidden', m.hidden, '--latent', m.latent, '--batch', m.batch].map(String),
          { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } },
        );
        rows.push({ round, ...JSON.parse(out.trim().split('\n').pop()) });
      }
    const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/bench/cpu-step.ts'], {
      encoding: 'utf8',
    });
    for (const r of JSON.parse(out.trim().split('\n').pop()))
      rows.push({ round, ...r, engine: `tfjs-wasm ${r.engine}` });
  }
  console.log('\nMLP VAE on one CPU thread: tfjs-wasm (lean step, tensor path) against PyTorch, alternated in one run');
  console.log('round  model        batch  engine             steps/s   ×PyTorch   % of matMul rate');
  for (const r of rows) {
    const model = r.model ?? `784-${r.hidden}-${r.latent}`;
    const torchRow = rows.find(
      (t) => t.round === r.round && t.engine === 'pytorch' && t.hidden === Number(model.split('-')[1]),
    );
    const ratio =
      torchRow && r.engine !== 'pytorch' ? `${(r.stepsPerSecond / torchRow.stepsPerSecond).toFixed(2)}×` : '';
    const eff = r.efficiency ? `${(100 * r.efficiency).toFixed(0)} %` : '';
    console.log(
      `${String(r.round).padEnd(6)} ${model.padEnd(12)} ${String(r.batch).padEnd(6)} ${String(r.engine === 'pytorch' ? `pytorch ${r.version}` : r.engine).padEnd(18)} ${r.stepsPerSecond?.toFixed(1).padStart(7)}   ${ratio.padStart(8)}   ${eff.padStart(8)}`,
    );
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  for (const m of MODELS) {
    const name = `784-${m.hidden}-${m.latent}`;
    for (const engine of ['tfjs-wasm lean', 'tfjs-wasm tensor']) {
      const ratios = [];
      const effs = [];
      for (let round = 0; round < rounds; round++) {
        const ours = rows.find((r) => r.round === round && r.model === name && r.engine === engine);
        const theirs = rows.find((r) => r.round === round && r.engine === 'pytorch' && r.hidden === m.hidden);
        if (ours?.stepsPerSecond && theirs) ratios.push(ours.stepsPerSecond / theirs.stepsPerSecond);
        if (ours?.efficiency) effs.push(ours.efficiency);
      }
      console.log(
        `median over ${rounds} rounds, ${name} batch ${m.batch}, ${engine}: ${ratios.length ? `${median(ratios).toFixed(2)}× PyTorch` : 'no PyTorch ratio'}, ${effs.length ? `${(100 * median(effs)).toFixed(0)} % of the matMul rate` : ''}`,
      );
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await cpuStepBench(Number(process.argv[2] ?? 2));
