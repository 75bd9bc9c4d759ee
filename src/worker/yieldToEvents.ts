/**
 * Yield to the event loop so queued messages are handled between chunks. Through a MessageChannel
 * in a browser worker (a page and Node use setTimeout(0)): a chain of setTimeout(0) is clamped to
 * 4 ms from the 5th nested call, which left the training worker idle for 4 ms after every chunk
 * (a chunk is paced to CHUNK_TARGET_MS, session/pacing.ts), a sizeable share of its time.
 * Messages posted before the yield are handled before it resolves (same task source, in order).
 */
export const yieldToEvents: () => Promise<void> =
  typeof MessageChannel === 'function' && typeof window === 'undefined' && typeof process === 'undefined'
    ? (() => {
        const channel = new MessageChannel();
        const waiting: (() => void)[] = [];
        channel.port1.onmessage = () => waiting.shift()?.();
        return () =>
          new Promise<void>((resolve) => {
            waiting.push(resolve);
            channel.port2.postMessage(null);
          });
      })()
    : () => new Promise((resolve) => setTimeout(resolve, 0));
