import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { Controller, type WorkerLike } from '../../src/state/controller';
import { DEFAULT_URL_STATE, parseUrl } from '../../src/state/url';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

function fakeWorker() {
  const sent: ToWorker[] = [];
  const w: WorkerLike = { postMessage: (m) => sent.push(m), onmessage: null, onerror: null };
  const deliver = (m: FromWorker) => w.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  return { w, sent, deliver };
}

const metrics = (r: number, d: number) => ({ rateNats: r, distortionNats: d, negElboNats: r + d, entropyNats: 3.3, marginalKlNats: 0, mutualInfoNats: r, classInfoNats: 0, betaEffective: 1, targetRateNats: 0.5, multiplier: 0 });

describe('Controller', () => {
  it('starts with init + configure + select, and writes the URL when settings change', () => {
    const f = fakeWorker();
    const urls: string[] = [];
    const c = new Controller({ worker: f.w, urlState: DEFAULT_URL_STATE, notices: [], writeUrl: (q) => urls.push(q), now: () => 0 });
    c.start();
    expect(f.sent.map((m) => m.type)).toEqual(['init', 'configure', 'select']);
    c.setObjective('target', { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 1.25 });
    const msg = f.sent.at(-1);
    expect(msg).toMatchObject({ type: 'set-objective', modelId: 'target', version: 1 });
    expect(parseUrl(urls.at(-1) ?? '').state.settings.objective.targetRateNats).toBe(1.25);
  });

  it('measures latency from an objective change to the first report that reflects it', () => {
    const f = fakeWorker();
    let t = 1000;
    const c = new Controller({ worker: f.w, urlState: DEFAULT_URL_STATE, notices: [], now: () => t });
    c.start();
    c.setObjective('target', { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 1 });
    const report = (version: number, step: number) =>
      f.deliver({ type: 'report', step, stepsPerSecond: 100, version, tables: [], models: [{ id: 'target', active: true, metrics: metrics(0.4 + step / 100, 2.9) }] });
    t = 1040;
    report(0, 10); // older version: not counted
    expect(c.run.getState().objectiveLatencyMs).toBeNull();
    t = 1090;
    report(1, 20);
    expect(c.run.getState().objectiveLatencyMs).toBe(90);
    expect(c.run.getState().models.target?.trail.length).toBe(2);
  });

  it('structural changes rebuild the experiment; worker errors reach the store', () => {
    const f = fakeWorker();
    const c = new Controller({ worker: f.w, urlState: DEFAULT_URL_STATE, notices: [], now: () => 0 });
    c.start();
    c.setStructure({ preset: 'beta-sweep' });
    const cfg = f.sent.filter((m): m is Extract<ToWorker, { type: 'configure' }> => m.type === 'configure').at(-1);
    expect(cfg?.experiment.models.length).toBe(16);
    expect(c.run.getState().order.length).toBe(16);
    f.deliver({ type: 'error', message: 'boom' });
    expect(c.run.getState().errors).toEqual(['boom']);
  });
});
