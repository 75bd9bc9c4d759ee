import type { ModelMetrics } from '../lib/metrics';

/**
 * The runner's loop, shared by its presets: report at step 0, then train `every` steps at a time and report, the last
 * report final.
 */
export async function trainAndReport(
  steps: number,
  every: number,
  train: (n: number) => void,
  report: (final: boolean) => Promise<void>,
): Promise<void> {
  await report(steps === 0);
  for (let done = 0; done < steps; ) {
    const n = Math.min(every, steps - done);
    train(n);
    done += n;
    await report(done === steps);
  }
}

/**
 * The fields every image and 1-D runner line starts with: the step, then the training batch's R, D, −ELBO (nats) and
 * β_eff.
 */
export function batchFields(step: number, m: ModelMetrics) {
  return { step, rate: m.rateNats, distortion: m.distortionNats, negElbo: m.negElboNats, beta: m.betaEffective };
}
