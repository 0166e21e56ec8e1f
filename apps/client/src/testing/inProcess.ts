import { randomBytes } from 'node:crypto';
import { vi } from 'vitest';
import type { InProcessCampus } from '@campus/state-server/testing';
import { CampusConnection, type JoinedReply, type OpenSocket } from '../net/CampusConnection';
import { CampusStore } from '../store/CampusStore';
import type { ManualClientClock } from './ManualClientClock';

/** A page's connection and store, joined to an in-process campus. */
export interface TestPage {
  connection: CampusConnection;
  store: CampusStore;
  reply: JoinedReply;
}

/** Connects and joins as `name`, as main.ts does: the store starts from the join reply. */
export async function joinInProcess(
  campus: InProcessCampus,
  clock: ManualClientClock,
  name: string,
): Promise<TestPage> {
  const connection = new CampusConnection(
    randomBytes(32).toString('base64url'),
    'in-process',
    clock,
    // The in-process socket has the shape of socket.io-client's Socket for what the connection uses.
    campus.openSocket as unknown as OpenSocket,
  );
  await campus.flush();
  const joining = connection.join({ name, appearance: { look: 'sky' } });
  await campus.flush();
  const reply = await joining;
  const store = new CampusStore(
    campus.room.map,
    (t) => connection.clock.toLocal(t),
    () => clock.now(),
  );
  store.reset(reply);
  return { connection, store, reply };
}

/** Time passes for the server and the pages alike (the tests fake the global timers with `vi.useFakeTimers`). */
export async function advanceBoth(
  campus: InProcessCampus,
  clock: ManualClientClock,
  ms: number,
): Promise<void> {
  campus.clock.advance(ms);
  clock.advance(ms);
  vi.advanceTimersByTime(ms);
  await campus.flush();
}
