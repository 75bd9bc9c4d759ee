import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE } from '../../src/math/objective';
import { TOY_MANY_MODELS, workloadOf } from '../../src/lib/backendChoice';
import { Controller, WATCHDOG_MS, type WorkerLike } from '../../src/state/controller';
import { DEFAULT_URL_STATE, parseUrl } from '../../src/state/url';
import type { FromProbe, FromWorker, ToProbe, ToWorker } from '../../src/worker/protocol';

function fakeWorker() {
  const sent: ToWorker[] = [];
  const w: WorkerLike = { postMessage: (m) => sent.push(m), onmessage: null, onerror: null, terminate: () => {} };
  const deliver = (m: FromWorker) => w.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  return { w, sent, deliver };
}

const metrics = (r: number, d: number) => ({
  rateNats: r,
  distortionNats: d,
  negElboNats: r + d,
  entropyNats: 3.3,
  marginalKlNats: 0,
  mutualInfoNats: r,
  classInfoNats: 0,
  betaEffective: 1,
  targetRateNats: 0.5,
  multiplier: 0,
});

describe('Controller', () => {
  it('starts with init + configure + select, and writes the URL when settings change', () => {
    const f = fakeWorker();
    const urls: string[] = [];
    const c = new Controller({
      createWorker: () => f.w,
      urlState: DEFAULT_URL_STATE,
      notices: [],
      writeUrl: (q) => urls.push(q),
      now: () => 0,
      urlDelayMs: 0,
    });
    c.start();
    expect(f.sent.map((m) => m.type)).toEqual(['init', 'configure', 'select']);
    const requested = { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange' as const, targetRateNats: 1.25 };
    c.objectives.set('target', requested);
    const msg = f.sent.at(-1);
    expect(msg).toMatchObject({ type: 'set-objective', modelId: 'target', version: 1 });
    // The page echoes the request at once, but the URL follows only what the worker reports in force.
    expect(c.session.getState().models.target?.spec.objective.targetRateNats).toBe(1.25);
    expect(parseUrl(urls.at(-1) ?? '').state.settings.objective.targetRateNats).toBe(0.5);
    const configured = f.sent.find((m) => m.type === 'configure');
    if (configured?.type !== 'configure') throw new Error('no configure');
    const inForce = {
      ...configured.experiment,
      models: configured.experiment.models.map((m) =>
        m.id === 'target' ? { ...m, objective: { ...requested, targetRateNats: 1.2 } } : m,
      ),
    };
    f.deliver({ type: 'experiment', experiment: inForce, version: 1 });
    expect(parseUrl(urls.at(-1) ?? '').state.settings.objective.targetRateNats).toBe(1.2);
    expect(c.session.getState().models.target?.spec.objective.targetRateNats).toBe(1.2);
    // A report stamped with an older version does not undo a newer request.
    c.objectives.set('target', { ...requested, targetRateNats: 2 });
    f.deliver({ type: 'experiment', experiment: inForce, version: 1 });
    expect(c.session.getState().models.target?.spec.objective.targetRateNats).toBe(2);
  });

  it('an objective set on a non-primary model goes into the link and comes back from it', () => {
    const f = fakeWorker();
    const urls: string[] = [];
    const c = new Controller({
      createWorker: () => f.w,
      urlState: DEFAULT_URL_STATE,
      notices: [],
      writeUrl: (q) => urls.push(q),
      now: () => 0,
      urlDelayMs: 0,
    });
    c.start();
    const configured = f.sent.find((m) => m.type === 'configure');
    if (configured?.type !== 'configure') throw new Error('no configure');
    const edited = { ...DEFAULT_OBJECTIVE, kind: 'beta' as const, beta: 0.3 };
    f.deliver({
      type: 'experiment',
      experiment: {
        ...configured.experiment,
        models: configured.experiment.models.map((m) => (m.id === 'elbo' ? { ...m, objective: edited } : m)),
      },
      version: 0,
    });
    const { state, notices } = parseUrl(urls.at(-1) ?? '');
    expect(notices).toEqual([]);
    const again = new Controller({ createWorker: () => fakeWorker().w, urlState: state, notices: [], now: () => 0 });
    expect(again.currentExperiment.models.find((m) => m.id === 'elbo')?.objective).toMatchObject({
      kind: 'beta',
      beta: 0.3,
    });
  });

  it('measures latency from an objective change to the first report that reflects it', () => {
    const f = fakeWorker();
    let t = 1000;
    const c = new Controller({ createWorker: () => f.w, urlState: DEFAULT_URL_STATE, notices: [], now: () => t });
    c.start();
    // The worker says it trains the experiment sent (reports count from then on).
    const cfg = f.sent.find((m): m is Extract<ToWorker, { type: 'configure' }> => m.type === 'configure');
    if (!cfg) throw new Error('no configure sent');
    f.deliver({ type: 'experiment', experiment: cfg.experiment, version: 0 });
    c.objectives.set('target', { ...DEFAULT_OBJECTIVE, kind: 'target-lagrange', targetRateNats: 1 });
    const report = (version: number, step: number) =>
      f.deliver({
        type: 'report',
        step,
        stepsPerSecond: 100,
        version,
        tables: [],
        models: [{ id: 'target', active: true, objective: null, metrics: metrics(0.4 + step / 100, 2.9) }],
      });
    t = 1040;
    report(0, 10); // older version: not counted
    expect(c.session.getState().objectiveLatencyMs).toBeNull();
    t = 1090;
    report(1, 20);
    expect(c.session.getState().objectiveLatencyMs).toBe(90);
    expect(c.session.getState().models.target?.trail.length).toBe(2);
  });

  it('structural changes rebuild the experiment; worker errors reach the store', () => {
    const f = fakeWorker();
    const c = new Controller({ createWorker: () => f.w, urlState: DEFAULT_URL_STATE, notices: [], now: () => 0 });
    c.start();
    c.setStructure({ preset: 'beta-sweep' });
    const cfg = f.sent.filter((m): m is Extract<ToWorker, { type: 'configure' }> => m.type === 'configure').at(-1);
    expect(cfg?.experiment.models.length).toBe(16);
    expect(c.session.getState().order.length).toBe(16);
    f.deliver({ type: 'error', message: 'boom' });
    expect(c.session.getState().errors).toEqual(['boom']);
  });
});

describe('backend probing', () => {
  const provisional = {
    backend: 'wasm' as const,
    reason: 'no WebGPU adapter; training on wasm while measuring webgl',
    adapter: null,
    timings: [{ backend: 'wasm' as const, msPerModelStep: 0.05, note: '' }],
    provisional: true,
    probe: ['webgl' as const],
    situation: 'no WebGPU adapter',
  };
  function setup() {
    const f = fakeWorker();
    const probes: { sent: ToProbe[]; terminated: boolean; onmessage: ((e: MessageEvent<FromProbe>) => void) | null }[] =
      [];
    const saved: unknown[] = [];
    const c = new Controller({
      createWorker: () => f.w,
      urlState: DEFAULT_URL_STATE,
      notices: [],
      now: () => 0,
      saveBackend: (x) => saved.push(x),
      createProbe: () => {
        const p = {
          sent: [] as ToProbe[],
          terminated: false,
          onmessage: null as ((e: MessageEvent<FromProbe>) => void) | null,
          postMessage: (m: ToProbe) => p.sent.push(m),
          terminate: () => {
            p.terminated = true;
          },
        };
        probes.push(p);
        return p;
      },
    });
    c.start();
    return { f, c, probes, saved };
  }
  it('a provisional choice starts a probe; a faster candidate moves training there', () => {
    const { f, probes, saved } = setup();
    f.deliver({ type: 'backend', choice: provisional });
    expect(probes[0]?.sent).toEqual([{ type: 'probe', candidates: ['webgl'], workload: 'toy' }]);
    expect(saved).toEqual([]);
    probes[0]?.onmessage?.({
      data: { type: 'probe-result', timings: [{ backend: 'webgl', msPerModelStep: 0.01, note: '' }] },
    } as MessageEvent<FromProbe>);
    const sw = f.sent.at(-1) as Extract<ToWorker, { type: 'switch-backend' }>;
    expect(sw.type).toBe('switch-backend');
    expect(sw.choice.backend).toBe('webgl');
    expect(sw.choice.provisional).toBe(false);
    expect(sw.choice.reason).toContain('wasm 50 µs/model-step, webgl 10 µs/model-step');
    expect(probes[0]?.terminated).toBe(true);
  });
  it("each workload has its own measured choice: toy ↔ image presets ask the worker again, with that workload's cached choice", () => {
    const f = fakeWorker();
    const vae = {
      ...provisional,
      backend: 'webgl' as const,
      provisional: false,
      probe: [],
      workload: 'vae' as const,
      reason: 'measured',
    };
    const asked: string[] = [];
    const c = new Controller({
      createWorker: () => f.w,
      urlState: DEFAULT_URL_STATE,
      notices: [],
      now: () => 0,
      cachedBackend: (w) => {
        asked.push(w);
        return w === 'vae' ? vae : null;
      },
    });
    c.start();
    expect(f.sent[0]).toMatchObject({ type: 'init', workload: 'toy', cached: null });
    c.setStructure({ preset: 'mnist-single' });
    const inits = f.sent.filter((m): m is Extract<ToWorker, { type: 'init' }> => m.type === 'init');
    expect(inits).toHaveLength(2);
    expect(inits[1]).toMatchObject({ workload: 'vae', cached: { backend: 'webgl', workload: 'vae' } });
    // The init comes before the new experiment's configure.
    expect(f.sent.map((m) => m.type).slice(-3)).toEqual(['init', 'configure', 'select']);
    // Another image preset: same workload, no new choice.
    c.setStructure({ preset: 'mnist-beta-sweep' });
    expect(f.sent.filter((m) => m.type === 'init')).toHaveLength(2);
    // A settled choice of this session wins over the cache when going back.
    f.deliver({ type: 'backend', choice: { ...vae, backend: 'wasm' } });
    c.setStructure({ preset: 'beta-sweep' });
    c.setStructure({ preset: 'mnist-single' });
    expect(
      f.sent.filter((m): m is Extract<ToWorker, { type: 'init' }> => m.type === 'init').at(-1)?.cached?.backend,
    ).toBe('wasm');
    expect(asked).toEqual(['toy', 'vae', 'toy']);
  });
  it('a toy experiment of many models is its own workload (measured on 256 models): few ↔ many toy presets ask the worker again', () => {
    expect(workloadOf({ dataset: 'toy', models: new Array(TOY_MANY_MODELS - 1) })).toBe('toy');
    expect(workloadOf({ dataset: 'toy', models: new Array(TOY_MANY_MODELS) })).toBe('toy-many');
    expect(workloadOf({ dataset: 'mnist', models: new Array(300) })).toBe('vae');
    const f = fakeWorker();
    const asked: string[] = [];
    const c = new Controller({
      createWorker: () => f.w,
      urlState: DEFAULT_URL_STATE,
      notices: [],
      now: () => 0,
      cachedBackend: (w) => {
        asked.push(w);
        return null;
      },
    });
    c.start();
    c.setStructure({ preset: 'dense-beta' });
    const inits = () => f.sent.filter((m): m is Extract<ToWorker, { type: 'init' }> => m.type === 'init');
    expect(inits().map((m) => m.workload)).toEqual(['toy', 'toy-many']);
    c.setStructure({ preset: 'dense-sigma' });
    expect(inits()).toHaveLength(2);
    c.setStructure({ preset: 'beta-sweep' });
    expect(inits().map((m) => m.workload)).toEqual(['toy', 'toy-many', 'toy']);
    expect(asked).toEqual(['toy', 'toy-many', 'toy']);
  });
  it('a slower or failed candidate keeps wasm', () => {
    const { f, probes } = setup();
    f.deliver({ type: 'backend', choice: provisional });
    probes[0]?.onmessage?.({
      data: { type: 'probe-result', timings: [{ backend: 'webgl', msPerModelStep: null, note: 'failed' }] },
    } as MessageEvent<FromProbe>);
    expect((f.sent.at(-1) as Extract<ToWorker, { type: 'switch-backend' }>).choice.backend).toBe('wasm');
  });
  it('a user override during probing discards the probe', () => {
    const { f, c, probes } = setup();
    f.deliver({ type: 'backend', choice: provisional });
    c.setBackend('cpu');
    expect(probes[0]?.terminated).toBe(true);
    const n = f.sent.length;
    probes[0]?.onmessage?.({ data: { type: 'probe-result', timings: [] } } as unknown as MessageEvent<FromProbe>);
    expect(f.sent.length).toBe(n);
  });
});

describe('worker crash recovery', () => {
  it('a worker error restarts the worker, which restores the run and plays on', () => {
    const workers: { sent: ToWorker[]; terminated: boolean; w: WorkerLike }[] = [];
    const make = (): WorkerLike => {
      const rec = { sent: [] as ToWorker[], terminated: false, w: null as unknown as WorkerLike };
      rec.w = {
        postMessage: (m) => rec.sent.push(m),
        onmessage: null,
        onerror: null,
        terminate: () => {
          rec.terminated = true;
        },
      };
      workers.push(rec);
      return rec.w;
    };
    const c = new Controller({ createWorker: make, urlState: DEFAULT_URL_STATE, notices: [], now: () => 0 });
    c.start();
    workers[0]?.w.onerror?.({ message: 'out of memory' } as ErrorEvent);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.sent.map((m) => m.type)).toEqual(['init', 'configure', 'select']);
    expect(workers[1]?.sent[1]).toMatchObject({ type: 'configure', restore: true });
    expect(c.settings.getState().notices.at(-1)).toContain('out of memory');
    // Messages from the dead worker are ignored; the new one's restore resumes playing.
    workers[0]?.w.onmessage?.({ data: { type: 'error', message: 'late' } } as MessageEvent<FromWorker>);
    expect(c.session.getState().errors).toEqual([]);
    workers[1]?.w.onmessage?.({
      data: { type: 'restored', step: 40, savedAt: 0, resume: false, objectives: [], histories: {} },
    } as unknown as MessageEvent<FromWorker>);
    expect(workers[1]?.sent.at(-1)).toEqual({ type: 'play' });
  });

  it('the watchdog restarts a worker that is silent while playing', () => {
    let t = 0;
    const made: WorkerLike[] = [];
    const make = (): WorkerLike => {
      const w: WorkerLike = { postMessage: () => {}, onmessage: null, onerror: null, terminate: () => {} };
      made.push(w);
      return w;
    };
    const c = new Controller({ createWorker: make, urlState: DEFAULT_URL_STATE, notices: [], now: () => t });
    c.start();
    made[0]?.onmessage?.({ data: { type: 'status', phase: 'running', message: '' } } as MessageEvent<FromWorker>);
    t = WATCHDOG_MS - 1;
    c.checkHealth();
    expect(made).toHaveLength(1);
    t = WATCHDOG_MS + 10;
    c.checkHealth();
    expect(made).toHaveLength(2);
  });
});
