/**
 * What this tab does when another tab asks for its saved run, gives one up, takes one, or changes
 * the saved-run list (saved/ownership.ts raises these). Each action is queued after the messages
 * before it, like any message the host handles.
 */
import type { Post } from './hostDeps';
import type { OwnershipEvents } from './saved/ownership';
import type { TrainingSession } from './session/session';

/** What the actions need of the host. `session` is a function: the events are made before the session. */
export interface TabEventHost {
  session(): TrainingSession;
  post: Post;
  /** Pause and wait until the loop has noticed. */
  stop(): Promise<unknown>;
  /** Tell the page that training is paused. */
  paused(): void;
  /** Run `f` after the messages queued before it. */
  queued(f: () => Promise<void>): void;
}

export function ownershipEvents(host: TabEventHost): OwnershipEvents {
  const { post, queued } = host;
  const stillOpen = (key: string): boolean => host.session().ownership?.current === key;
  return {
    releaseAsked: (key) =>
      queued(async () => {
        const session = host.session();
        if (!stillOpen(key)) return;
        await host.stop();
        await session.save();
        session.owned = false;
        session.ownership?.giveUp(session.ownership.takeAsker());
        post({ type: 'ownership', owned: false, reason: 'taken' });
        host.paused();
      }),
    granted: (key) =>
      queued(async () => {
        const session = host.session();
        const exp = session.config;
        if (!stillOpen(key) || !exp) return;
        // Continue from the newest save (the tab that had it saved before letting go).
        await host.stop();
        await session.configure(exp, true);
        post({ type: 'ownership', owned: true, reason: 'granted' });
        host.paused();
      }),
    lost: (key) =>
      queued(async () => {
        const session = host.session();
        if (!stillOpen(key)) return;
        await host.stop();
        session.owned = false;
        post({ type: 'ownership', owned: false, reason: 'taken' });
        host.paused();
      }),
    listChanged: () => queued(() => host.session().saves.list()),
  };
}
