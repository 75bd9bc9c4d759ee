/**
 * One tab owns a saved run (src/worker/saved/ownership.ts) with the real RunKeeper and storage code,
 * tabs simulated in Node (tests/worker/simLocks.ts): random sequences of open / train / pause /
 * take over / close over 2–3 tabs (fast-check) never write a record from a tab that does not
 * hold its lock, never move the saved step backwards, and never have two tabs that both think
 * they own the run. Plus the plain cases: a second tab waits; take over hands the newest save
 * over; a closed owner's run goes to the tab that waited.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/lib/experiment';
import { RunOwnership } from '../../src/worker/saved/ownership';
import { RunKeeper } from '../../src/worker/saved/runKeeper';
import { MemoryStorage, recordStep, runKey, type RunRecord } from '../../src/worker/saved/storage';
import { SimBus, SimLocks } from './simLocks';

const EXPERIMENT = {
  dataset: 'toy',
  family: 'tabular',
  seed: 1,
  learningRate: 0.01,
  batchSize: 64,
  iwaeSamples: 10,
  models: [],
} as unknown as ExperimentConfig;
const KEY = runKey(EXPERIMENT);
const LOCK = `rd-explorer:${KEY}`;

/** A record that carries only its step (what the invariants are about). */
const record = (step: number): RunRecord =>
  ({
    version: 1,
    savedAt: step,
    experiment: EXPERIMENT,
    snapshot: { kind: 'toy', population: { step } },
    histories: {},
  }) as unknown as RunRecord;

/** The browser of the simulation: shared locks, channel bus and storage, with the audit of every write. */
class World {
  readonly locks = new SimLocks();
  readonly bus = new SimBus();
  readonly storage = new MemoryStorage();
  /** Writes that reached storage from a tab not holding the run's lock at that moment. */
  nonOwnerWrites = 0;
  savedSteps: number[] = [];
  /** The tab whose keeper is writing (set right before its save). */
  writer: string | null = null;
}

/** A tab as the worker host drives it: trains only while it owns the run; the events as in host.ts. */
class Tab {
  step = 0;
  owned = false;
  open = false;
  readonly ownership: RunOwnership;
  readonly keeper: RunKeeper;
  constructor(
    readonly id: string,
    private readonly world: World,
  ) {
    this.ownership = new RunOwnership(
      world.locks.forTab(id),
      world.bus.channel(id),
      id,
      {
        releaseAsked: () => void this.onReleaseAsked(),
        granted: () => void this.onGranted(),
        lost: () => {
          this.owned = false;
        },
        listChanged: () => {},
      },
      { takeOverMs: 5, reloadGraceMs: 2 },
    );
    this.keeper = new RunKeeper(
      world.storage,
      () => {},
      () => 0,
      this.ownership,
    );
  }

  async openRun(): Promise<void> {
    this.open = true;
    this.owned = await this.ownership.claim(KEY);
    await this.reload();
  }

  async train(n: number): Promise<void> {
    if (!this.open || !this.owned) return;
    this.step += n;
  }

  /**
   * Any open tab may try to save (a periodic save racing a hand-over): only the lock's holder gets through (RunKeeper
   * asks the ownership).
   */
  async save(): Promise<void> {
    if (!this.open) return;
    const step = this.step;
    this.world.writer = this.id;
    await this.keeper.save(async () => record(step));
  }

  takeOver(): void {
    if (this.open && !this.owned) this.ownership.takeOver();
  }

  close(): void {
    this.open = false;
    this.owned = false;
    this.ownership.drop();
    this.world.locks.closeTab(this.id);
    this.world.bus.close(this.id);
  }

  private async reload(): Promise<void> {
    const rec = await this.keeper.load(EXPERIMENT);
    this.step = rec ? recordStep(rec) : 0;
  }

  private async onReleaseAsked(): Promise<void> {
    if (!this.open) return;
    await this.save();
    this.owned = false;
    this.ownership.giveUp(this.ownership.takeAsker());
  }

  private async onGranted(): Promise<void> {
    if (!this.open) return;
    await this.reload();
    this.owned = true;
  }
}

/** Let messages, lock grants, the reload grace (2 ms here) and the take-over timeout (5 ms) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 3));
};

/** Audit every write that reaches storage: from the lock's holder, and never an older step than the last. */
function watch(world: World): void {
  const save = world.storage.save.bind(world.storage);
  world.storage.save = async (key, rec, info) => {
    if (world.locks.holder(LOCK) !== world.writer) world.nonOwnerWrites += 1;
    const prev = world.savedSteps.at(-1) ?? -1;
    world.savedSteps.push(recordStep(rec));
    if (recordStep(rec) < prev) throw new Error(`saved step went back from ${prev} to ${recordStep(rec)}`);
    await save(key, rec, info);
  };
}

describe('one tab owns a saved run', () => {
  it('a second tab waits; take over hands the newest save over; a closed owner passes the run to the tab that waited', async () => {
    const world = new World();
    watch(world);
    const a = new Tab('a', world);
    const b = new Tab('b', world);
    await a.openRun();
    expect(a.owned).toBe(true);
    await a.train(100);
    await a.save();
    await b.openRun();
    expect(b.owned).toBe(false);
    expect(b.step).toBe(100);
    await a.train(50); // not saved yet
    b.takeOver();
    await settle();
    expect(a.owned).toBe(false);
    expect(b.owned).toBe(true);
    expect(b.step).toBe(150); // a saved before letting go
    await b.train(10);
    await b.save();
    b.close();
    await settle();
    expect(a.owned).toBe(true); // a waited in the queue
    expect(a.step).toBe(160);
    expect(world.nonOwnerWrites).toBe(0);
  });

  it('three tabs: the one that takes over gets the run, not the one that waited longer', async () => {
    const world = new World();
    watch(world);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => new Tab(id, world)) as [Tab, Tab, Tab];
    await a.openRun();
    await a.train(10);
    await b.openRun();
    await c.openRun();
    c.takeOver();
    await settle();
    expect([a.owned, b.owned, c.owned]).toEqual([false, false, true]);
    expect(world.locks.holder(LOCK)).toBe('c');
    expect(c.step).toBe(10);
  });

  it('random open / train / save / take over / close sequences over 2–3 tabs: no write without the lock, the saved step never goes back, one owner at most', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('open' as const), tab: fc.nat(2) }),
      fc.record({ kind: fc.constant('train' as const), tab: fc.nat(2), n: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('save' as const), tab: fc.nat(2) }),
      fc.record({ kind: fc.constant('take-over' as const), tab: fc.nat(2) }),
      fc.record({ kind: fc.constant('close' as const), tab: fc.nat(2) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(op, { minLength: 1, maxLength: 25 }),
        async (tabs, ops) => {
          const world = new World();
          watch(world);
          const all: (Tab | null)[] = Array.from({ length: tabs }, () => null);
          let n = 0;
          for (const o of ops) {
            const i = o.tab % tabs;
            const t = all[i];
            if (o.kind === 'open') {
              if (t?.open) continue;
              const fresh = new Tab(`t${n++}`, world);
              all[i] = fresh;
              await fresh.openRun();
            } else if (!t?.open) continue;
            else if (o.kind === 'train') await t.train(o.n);
            else if (o.kind === 'save') await t.save();
            else if (o.kind === 'take-over') t.takeOver();
            else t.close();
            await settle();
            const owners = all.filter((x) => x?.open && x.owned);
            expect(owners.length).toBeLessThanOrEqual(1);
            if (owners[0]) expect(world.locks.holder(LOCK)).toBe(owners[0].id);
          }
          expect(world.nonOwnerWrites).toBe(0);
          for (const t of all) t?.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
