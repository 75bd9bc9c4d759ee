/**
 * One tab owns a saved run at a time. Each tab's worker holds a Web Lock named after the run's
 * storage key while it owns it; a tab that opens an experiment another tab owns waits in the
 * lock's queue (it gets the run when the owner closes or gives it up) and may ask to take over:
 * over a BroadcastChannel the owner pauses, saves and answers "released", and the asking tab
 * then steals the lock (so a third waiting tab cannot jump in). Only the owner writes the record
 * (RunKeeper asks `owns` before every write). The channel also says when a tab changed the saved
 * runs, so every tab's list follows.
 *
 * Where the browser has no Web Locks (and in Node), every tab owns what it opens, as before.
 */

/** The part of the Web Locks API used here (navigator.locks). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

/** The part of a BroadcastChannel used here. */
export interface ChannelLike {
  postMessage(message: OwnershipMessage): void;
  onmessage: ((event: MessageEvent<OwnershipMessage>) => void) | null;
}

/** What tabs say to each other about runs. */
export type OwnershipMessage =
  | { type: 'release'; key: string; from: string }
  | { type: 'released'; key: string; to: string }
  | { type: 'list-changed' };

export interface OwnershipEvents {
  /** This tab got `key` after waiting (its owner closed, gave it up or it was taken over). */
  granted(key: string): void;
  /** Another tab asks for `key`: pause, save, then call giveUp(). */
  releaseAsked(key: string): void;
  /** This tab lost `key` without giving it up (stolen). */
  lost(key: string): void;
  /** Another tab changed the saved runs. */
  listChanged(): void;
}

/**
 * How long a take-over waits for the owner to save and let go before it takes the lock anyway (a frozen or crashed
 * tab).
 */
export const TAKE_OVER_TIMEOUT_MS = 3000;

/**
 * How long opening waits for a lock that is being let go of (the page a reload replaces) before it says another tab
 * owns the run.
 */
export const RELOAD_GRACE_MS = 1500;

const lockName = (key: string): string => `rd-explorer:${key}`;

export class RunOwnership {
  private key: string | null = null;
  /** Ends the held lock's callback (gives the lock back); null while not holding it. */
  private release: (() => void) | null = null;
  private waiting: AbortController | null = null;
  private takeOverTimer: ReturnType<typeof setTimeout> | null = null;
  /** The tab that asked for the current key last (answered "released" once this tab has saved). */
  private pendingAsk: string | null = null;

  constructor(
    private readonly locks: LockManagerLike | null,
    private readonly channel: ChannelLike | null,
    private readonly tabId: string,
    private readonly events: OwnershipEvents,
    /** The waits, in ms (shorter in tests). */
    private readonly timing = { takeOverMs: TAKE_OVER_TIMEOUT_MS, reloadGraceMs: RELOAD_GRACE_MS },
  ) {
    if (channel) channel.onmessage = (e) => this.onMessage(e.data);
  }

  /** Whether this tab may write the record under `key`. */
  owns(key: string): boolean {
    if (!this.locks) return true;
    return this.key === key && this.release !== null;
  }

  /** The run key this tab has open (owned or waited for). */
  get current(): string | null {
    return this.key;
  }

  /**
   * Open `key`: own it now if no other tab does (true), else wait for it in the queue (false). Drops any earlier key.
   */
  async claim(key: string): Promise<boolean> {
    if (this.key === key && this.owns(key)) return true;
    this.drop();
    this.key = key;
    if (!this.locks) return true;
    if (await this.hold(key, { ifAvailable: true })) return true;
    // A reload: the page before it may still be letting go of the lock. Wait a moment before saying another tab has it.
    const grace = new AbortController();
    const timer = setTimeout(() => grace.abort(), this.timing.reloadGraceMs);
    const got = await this.hold(key, { signal: grace.signal });
    clearTimeout(timer);
    if (got || this.key !== key) return got;
    this.wait(key);
    return false;
  }

  /** Ask the owner of the current key to save and give it up; this tab then takes it (granted). */
  takeOver(): void {
    const key = this.key;
    if (!key || !this.locks || this.owns(key)) return;
    this.channel?.postMessage({ type: 'release', key, from: this.tabId });
    if (this.takeOverTimer) clearTimeout(this.takeOverTimer);
    this.takeOverTimer = setTimeout(() => void this.steal(key), this.timing.takeOverMs);
  }

  /** Give the current key up (after a release was asked and the run saved); then wait for it again. */
  giveUp(to: string | null): void {
    const key = this.key;
    if (!key || !this.release) return;
    this.release();
    this.release = null;
    if (to) this.channel?.postMessage({ type: 'released', key, to });
    this.wait(key);
  }

  /** Tell the other tabs that the saved runs changed. */
  announceList(): void {
    this.channel?.postMessage({ type: 'list-changed' });
  }

  /** Let go of everything (the experiment changed, or the tab closes). */
  drop(): void {
    this.waiting?.abort();
    this.waiting = null;
    if (this.takeOverTimer) clearTimeout(this.takeOverTimer);
    this.takeOverTimer = null;
    this.release?.();
    this.release = null;
    this.key = null;
  }

  /**
   * Run `write` while holding `key` briefly (a run this tab does not have open: deleting it); false when another tab
   * owns it.
   */
  async withKey(key: string, write: () => Promise<void>): Promise<boolean> {
    if (!this.locks || this.owns(key)) {
      await write();
      return true;
    }
    let done = false;
    await this.locks.request(lockName(key), { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      await write();
      done = true;
    });
    return done;
  }

  private onMessage(m: OwnershipMessage): void {
    if (m.type === 'list-changed') {
      this.events.listChanged();
      return;
    }
    if (m.key !== this.key) return;
    if (m.type === 'release' && this.owns(m.key)) {
      this.pendingAsk = m.from;
      this.events.releaseAsked(m.key);
    } else if (m.type === 'released' && m.to === this.tabId) void this.steal(m.key);
  }

  /** Who asked for the current key last (to answer "released" to); cleared when read. */
  takeAsker(): string | null {
    const a = this.pendingAsk;
    this.pendingAsk = null;
    return a;
  }

  /** Take the lock at once, even from a tab that got it meanwhile. */
  private async steal(key: string): Promise<void> {
    if (this.takeOverTimer) clearTimeout(this.takeOverTimer);
    this.takeOverTimer = null;
    if (this.key !== key || this.owns(key)) return;
    this.waiting?.abort();
    this.waiting = null;
    if (await this.hold(key, { steal: true })) this.events.granted(key);
  }

  /** Wait in the lock's queue for `key`; granted() when this tab gets it. */
  private wait(key: string): void {
    const ctrl = new AbortController();
    this.waiting = ctrl;
    void this.hold(key, { signal: ctrl.signal }).then((got) => {
      if (this.waiting === ctrl) this.waiting = null;
      if (got) this.events.granted(key);
    });
  }

  /** Request the lock; resolves true once held (the lock stays held until release), false if not given. */
  private hold(
    key: string,
    options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
  ): Promise<boolean> {
    const locks = this.locks as LockManagerLike;
    return new Promise<boolean>((resolve) => {
      let rel: (() => void) | null = null;
      locks
        .request(lockName(key), options, (lock) => {
          if (!lock || this.key !== key) {
            resolve(false);
            return undefined;
          }
          return new Promise<void>((end) => {
            rel = () => end();
            this.release = rel;
            resolve(true);
          });
        })
        .then(
          () => {
            // The callback ended (released here, or never held); a later hold may own `release` by now.
            if (rel && this.release === rel) this.release = null;
            if (!rel) resolve(false);
          },
          (e: unknown) => {
            // AbortError: a wait was aborted, or a held lock was stolen by another tab.
            if (!rel) return resolve(false);
            const mine = this.release === rel;
            if (mine) this.release = null;
            if (mine && this.key === key && (e as { name?: string } | null)?.name === 'AbortError')
              this.events.lost(key);
          },
        );
    });
  }
}
