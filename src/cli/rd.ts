/**
 * Headless runner (--preset toy | mnist | gauss; see imageRunner.ts and mixtureRunner.ts): trains one toy model with
 * the same model code as the app (tfjs in Node, wasm
 * or cpu backend) and prints JSON lines {step, rate, distortion, negElbo, entropy, beta,
 * targetRate, multiplier, classInfo, marginalKl} in nats; the last line has "final": true.
 * --out FILE also writes them to FILE after a header line; --beta / --target-rate with a list or
 * range run a sweep, one file per run (runLog.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
// The full bundle registers the gradients the image models need (the toy's are analytic).
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { toyProblem } from '../math/toyData';
import { ToyPopulation } from '../model/toyPopulation';
import { modelMetrics, tablesOf } from '../model/toyReport';
import { runImagePreset } from './imageRunner';
import { runMixturePreset } from './mixtureRunner';
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseRunnerArgs, UsageError, USAGE, type RunnerConfig } from './args';
import { expandSweep, headerLine } from './runLog';
import { trainAndReport } from './trainLoop';

type Emit = (line: string) => void;

async function run(config: RunnerConfig, emit: Emit): Promise<void> {
  // PROD silences tfjs's "install tfjs-node" banner. (IS_TEST would too, but it makes tfjs
  // record every kernel in a leak-check stack that grows without bound.)
  tf.enableProdMode();
  if (!(await tf.setBackend(config.backend))) throw new Error(`backend ${config.backend} failed to start`);
  await tf.ready();
  if (config.preset === 'mnist') {
    await runImagePreset(config, emit);
    return;
  }
  if (config.preset === 'gauss') {
    await runMixturePreset(config, emit);
    return;
  }
  const problem = toyProblem();
  const pop = new ToyPopulation({
    family: config.family,
    objectives: [config.objective],
    seed: config.seed,
    learningRate: config.learningRate,
  });
  const report = async (final: boolean): Promise<void> => {
    const { state, faults } = await pop.readState();
    const tables = await pop.readLogTables();
    const m = modelMetrics(problem, tablesOf(tables, 0), config.objective, pop.step, state.multiplier[0] as number);
    const line = {
      step: pop.step,
      rate: m.rateNats,
      distortion: m.distortionNats,
      negElbo: m.negElboNats,
      entropy: m.entropyNats,
      beta: m.betaEffective,
      targetRate: m.targetRateNats,
      multiplier: m.multiplier,
      classInfo: m.classInfoNats,
      marginalKl: m.marginalKlNats,
      ...(faults.length ? { fault: faults[0] } : {}),
      ...(final
        ? { final: true, backend: tf.getBackend(), family: config.family, objective: config.objective.kind }
        : {}),
    };
    emit(JSON.stringify(line));
  };
  await trainAndReport(config.steps, config.every, (n) => pop.train(n), report);
  pop.dispose();
}

try {
  // A sweep (--beta a,b,c or lo:hi:n; --target-rate likewise) is one run per value, one --out file per run.
  const runs = expandSweep(process.argv.slice(2));
  const configs = runs.map((r) => parseRunnerArgs(r.argv)); // every run's flags are checked before the first starts
  for (const [i, r] of runs.entries()) {
    const config = configs[i] as RunnerConfig;
    if (r.out) writeFileSync(r.out, `${headerLine(r.argv, config)}\n`);
    const out = r.out;
    await run(config, (line) => {
      process.stdout.write(`${line}\n`);
      if (out) appendFileSync(out, `${line}\n`);
    });
  }
} catch (e) {
  if (e instanceof UsageError) {
    if (e.message) process.stderr.write(`error: ${e.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(e.message ? 2 : 0);
  }
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
