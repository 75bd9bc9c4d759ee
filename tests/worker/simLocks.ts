/**
 * Test doubles of the browser's tab machinery, for the ownership tests in Node: a Web Locks
 * manager shared by simulated tabs (exclusive locks, FIFO queue, ifAvailable, steal, abort
 * signals; a closed tab's locks are freed, as a closed document's are) and a BroadcastChannel
 * bus (a message reaches every other tab, asynchronously).
 */
import type { ChannelLike, LockManagerLike, OwnershipMessage } from '../../src/worker/saved/ownership';

interface Entry {
  tab: string;
  callback: (lock: unknown) => Promise<unknown> | unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const abortError = (): Error => Object.assign(new Error('aborted'), { name: 'AbortError' });

export class SimLocks {
  private readonly locks = new Map<string, { held: Entry | null; queue: Entry[] }>();

  private slot(name: string): { held: Entry | null; queue: Entry[] } {
    let s = this.locks.get(name);
    if (!s) {
      s = { held: null, queue: [] };
      this.locks.set(name, s);
    }
    return s;
  }

  /** The tab holding lock `name` (null: free). */
  holder(name: string): string | null {
    return this.locks.get(name)?.held?.tab ?? null;
  }

  /** The lock manager one tab sees. */
  forTab(tab: string): LockManagerLike {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const s = this.slot(name);
          const e: Entry = { tab, callback, resolve, reject };
          if (options.steal) {
            const h = s.held;
            s.held = null;
            h?.reject(abortError());
            return this.grant(name, e);
          }
          if (options.ifAvailable && (s.held || s.queue.length > 0)) {
            Promise.resolve(callback(null)).then(resolve, reject);
            return;
          }
          if (options.signal) {
            if (options.signal.aborted) return reject(abortError());
            options.signal.addEventListener('abort', () => {
              const i = s.queue.indexOf(e);
              if (i >= 0) {
                s.queue.splice(i, 1);
                reject(abortError());
              }
            });
          }
          if (!s.held && s.queue.length === 0) this.grant(name, e);
          else s.queue.push(e);
        }),
    };
  }

  /** A tab closes: its held locks are freed and its queued requests dropped. */
  closeTab(tab: string): void {
    for (const [name, s] of this.locks) {
      s.queue = s.queue.filter((e) => e.tab !== tab);
      if (s.held?.tab === tab) {
        s.held = null;
        this.next(name);
      }
    }
  }

  private grant(name: string, e: Entry): void {
    const s = this.slot(name);
    s.held = e;
    void Promise.resolve()
      .then(() => e.callback({ name }))
      .then(
        (v) => {
          if (s.held !== e) return; // stolen (already rejected) or freed by a close
          s.held = null;
          e.resolve(v);
          this.next(name);
        },
        (err: unknown) => {
          if (s.held !== e) return;
          s.held = null;
          e.reject(err);
          this.next(name);
        },
      );
  }

  private next(name: string): void {
    const s = this.slot(name);
    const e = s.queue.shift();
    if (e && !s.held) this.grant(name, e);
  }
}

/** A BroadcastChannel bus: each tab's channel delivers to every other open one, after a macrotask. */
export class SimBus {
  private readonly channels = new Map<string, ChannelLike>();

  channel(tab: string): ChannelLike {
    const ch: ChannelLike = {
      onmessage: null,
      postMessage: (m: OwnershipMessage) => {
        for (const [t, other] of this.channels) {
          if (t !== tab)
            setTimeout(() => other.onmessage?.({ data: structuredClone(m) } as MessageEvent<OwnershipMessage>), 0);
        }
      },
    };
    this.channels.set(tab, ch);
    return ch;
  }

  close(tab: string): void {
    this.channels.delete(tab);
  }
}
