/**
 * Requests answered by one worker message: `ask` posts a request and resolves with the next
 * message of the reply type; `deliver` hands every incoming message to whoever waits for it.
 */
import type { FromWorker, ToWorker } from '../worker/protocol';

type Reply<K extends FromWorker['type']> = Extract<FromWorker, { type: K }>;

export class Replies {
  private readonly waiting = new Map<FromWorker['type'], ((m: FromWorker) => void)[]>();

  constructor(private readonly post: (m: ToWorker) => void) {}

  /** Post `request`; resolves with the next `replyType` message from the worker. */
  ask<K extends FromWorker['type']>(request: ToWorker, replyType: K): Promise<Reply<K>> {
    return new Promise((resolve) => {
      const list = this.waiting.get(replyType) ?? [];
      list.push(resolve as (m: FromWorker) => void);
      this.waiting.set(replyType, list);
      this.post(request);
    });
  }

  /** Resolve everyone waiting for this message's type. */
  deliver(msg: FromWorker): void {
    const list = this.waiting.get(msg.type);
    if (!list || list.length === 0) return;
    this.waiting.set(msg.type, []);
    for (const w of list) w(msg);
  }
}
