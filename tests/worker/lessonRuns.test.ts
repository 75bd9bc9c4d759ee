/**
 * A run that is not kept (a lesson chapter's): it is not restored from the saved run of the same experiment, never
 * saved, and a checkpoint opens in it without touching storage; the saved run is there as it was afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import type { FromWorker } from '../../src/worker/protocol';
import { useCpu } from '../model/setup';
import { testHost } from './hostFixture';

beforeAll(useCpu);

describe('runs that are not kept', () => {
  it('a chapter neither restores nor saves the saved run of its experiment; a checkpoint opens without storage', async () => {
    const { h, messages, last } = testHost();
    const of = <T extends FromWorker['type']>(t: T) =>
      messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === t);
    const { config } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    // The explorer's run: 5 steps, saved.
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: true });
    await h.dispatch({ type: 'step', count: 5 });
    await h.dispatch({ type: 'save-now' });
    expect(last('saved')?.info?.step).toBe(5);
    await h.dispatch({ type: 'get-run' });
    const record = last('run')?.record;
    expect(record).toBeTruthy();
    const saves = of('saved').length;
    // A chapter on the same experiment: step 0, nothing restored, nothing saved (steps, reset, page closing).
    const restoredBefore = of('restored').length;
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: true, keep: false });
    expect(last('report')?.step).toBe(0);
    expect(of('restored').length).toBe(restoredBefore);
    await h.dispatch({ type: 'step', count: 3 });
    await h.dispatch({ type: 'save-now' });
    await h.dispatch({ type: 'reset' });
    await h.dispatch({ type: 'step', count: 2 });
    await h.dispatch({ type: 'save-now' });
    // A checkpoint (here the explorer's state at step 5) opens paused at its step, still without a save.
    if (!record) throw new Error('no record');
    await h.dispatch({ type: 'open-checkpoint', experiment: config, record });
    expect(last('import-result')?.error).toBeNull();
    expect(last('restored')?.step).toBe(5);
    expect(last('report')?.step).toBe(5);
    await h.dispatch({ type: 'step', count: 4 });
    expect(last('report')?.step).toBe(9);
    await h.dispatch({ type: 'save-now' });
    expect(of('saved').length).toBe(saves);
    // Back in the explorer: its saved run is as it was (step 5), and it is kept again.
    await h.dispatch({ type: 'configure', experiment: config, play: false, restore: true, keep: true });
    expect(last('restored')?.step).toBe(5);
    await h.dispatch({ type: 'step', count: 1 });
    await h.dispatch({ type: 'save-now' });
    expect(last('saved')?.info?.step).toBe(6);
    h.session.dispose();
  });
});
