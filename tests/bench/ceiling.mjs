/**
 * The machine's own ceiling for a pool of 2: the pool bench's two workloads, trained by the Node
 * runner's engine (tfjs wasm) in separate OS processes that share nothing — the whole workload in
 * one process, then split in halves over two processes running at once (4 MNIST runs as 2 + 2;
 * 64 toy models as 32 + 32), in the order 1, 2, 2, 1, each timed over the same window after a
 * warm-up. Two processes can do no better than this; the browser's pool also shares the machine
 * with the page, the compositor and the renderer's threads. Prints the table and the ratios and
 * returns them.
 * Usage: node tests/bench/ceiling.mjs [seconds per row, default 8]
 * Also called by tests/bench/run.mjs (npm run bench).
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const WORKLOADS = [
  { name: 'MNIST 4-run β sweep (−,−,−), batch 64', kind: 'mnist', total: 4, unit: 'run-steps/s' },
  { name: 'toy β sweep, 64 models (tabular)', kind: 'toy', total: 64, unit: 'model-steps/s' },
];
const WARM_UP_MS = 4000;

/** Starts one training process; resolves its samples [{t, steps}] as they arrive. */
function start(kind, count) {
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'tests/bench/ceiling-worker.ts', kind, String(count)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const samples = [];
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      samples.push(JSON.parse(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
    }
  });
  return { child, samples };
}

/** Steps done by time t (linear between samples; null before the first). */
function stepsAt(samples, t) {
  let prev = null;
  for (const s of samples) {
    if (s.t >= t) return prev === null ? null : prev.steps + ((s.steps - prev.steps) * (t - prev.t)) / (s.t - prev.t);
    prev = s;
  }
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Throughput (steps/s, all processes together) of `processes` processes sharing `total`. */
async function row(w, processes, seconds) {
  const procs = Array.from({ length: processes }, () => start(w.kind, w.total / processes));
  try {
    // Wait until every process reports, then warm up, then time a common window.
    for (let waited = 0; procs.some((p) => p.samples.length === 0); waited += 100) {
      if (waited > 120_000) throw new Error('ceiling: a training process did not start');
      await sleep(100);
    }
    await sleep(WARM_UP_MS);
    const t0 = Date.now();
    await sleep(seconds * 1000);
    const t1 = Date.now();
    await sleep(700); // a sample after t1
    return procs.reduce(
      (n, p) => n + ((stepsAt(p.samples, t1) ?? NaN) - (stepsAt(p.samples, t0) ?? NaN)) / ((t1 - t0) / 1000),
      0,
    );
  } finally {
    for (const p of procs) p.child.kill();
    await sleep(300);
  }
}

export async function ceilingBench(seconds = 8) {
  const rows = [];
  for (const w of WORKLOADS)
    for (const processes of [1, 2, 2, 1])
      rows.push({ workload: w.name, unit: w.unit, processes, throughput: await row(w, processes, seconds) });
  return rows;
}

export function printCeilingBench(rows) {
  console.log(
    "\nThe machine's ceiling for a pool of 2: the same workloads in 1 Node process, then halved over 2 processes at once (tfjs wasm; measured 1, 2, 2, 1)",
  );
  console.log('workload                                  processes   throughput');
  for (const r of rows)
    console.log(
      `${r.workload.padEnd(42)}${String(r.processes).padStart(5)}   ${Math.round(r.throughput).toLocaleString('en-US').padStart(10)} ${r.unit}`,
    );
  const ratios = {};
  for (const name of new Set(rows.map((r) => r.workload))) {
    const mean = (p) => {
      const xs = rows.filter((r) => r.workload === name && r.processes === p).map((r) => r.throughput);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    ratios[name] = mean(2) / mean(1);
    console.log(
      `  ${name}: 2 processes / 1 = ${ratios[name].toFixed(2)}× (means ${Math.round(mean(2)).toLocaleString('en-US')} / ${Math.round(mean(1)).toLocaleString('en-US')})`,
    );
  }
  return ratios;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? 8);
  printCeilingBench(await ceilingBench(seconds));
}
