import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/experiment';
import { buildExperiment } from '../../src/lib/presets';
import { createSessionStore } from '../../src/state/sessionStore';
import type { FromWorker } from '../../src/worker/protocol';
import { useCpu } from '../model/setup';
import { testHost } from '../worker/hostFixture';

beforeAll(useCpu);

describe('session store while the experiment changes', () => {
  it("ignores the old experiment's reports until the worker says it trains the new one", async () => {
    const { h, messages } = testHost();
    const { config: old } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular' });
    await h.dispatch({ type: 'configure', experiment: old, play: false, restore: false });
    await h.dispatch({ type: 'step', count: 7 });
    const of = <T extends FromWorker['type']>(t: T) =>
      messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === t);
    const oldReport = of('report').at(-1);
    expect(oldReport?.step).toBe(7);
    // The new experiment shares the model ids (same preset, another seed).
    const { config: next } = buildExperiment({ ...DEFAULT_SETTINGS, family: 'tabular', seed: 2 });
    const store = createSessionStore();
    store.getState().resetExperiment(next);
    store.getState().receive(oldReport as FromWorker, 0);
    expect(store.getState().step).toBe(0);
    expect(Object.values(store.getState().models).every((m) => m.metrics === null)).toBe(true);
    // Once the worker has built it ('experiment'), its reports count.
    const n = messages.length;
    await h.dispatch({ type: 'configure', experiment: next, play: false, restore: false });
    await h.dispatch({ type: 'step', count: 3 });
    for (const m of messages.slice(n)) store.getState().receive(m, 0);
    expect(store.getState().step).toBe(3);
    expect(Object.values(store.getState().models).every((m) => m.metrics !== null)).toBe(true);
    h.session.dispose();
  });
});
