import type { IceServer } from '@campus/protocol';
import type { Cancel, ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';

/**
 * Keeps the TURN credentials fresh: a minute before they expire (at least ten seconds from now) it asks the server for
 * new ones and hands them on; unanswered, it asks again a little later.
 */
export class IceRefresh {
  private cancel: Cancel = () => {};
  private stopped = false;

  constructor(
    private readonly connection: CampusConnection,
    private readonly clock: ClientClock,
    private readonly renewed: (iceServers: IceServer[]) => void,
  ) {}

  /** (Re)schedules the refresh for credentials that expire at `expiresAt` (wall clock, ms). */
  schedule(expiresAt: number): void {
    this.cancel();
    if (this.stopped) return;
    const wait = Math.max(10_000, expiresAt - this.clock.wallNow() - 60_000);
    this.cancel = this.clock.setTimeout(() => {
      void this.connection
        .request('media:ice', undefined)
        .then((reply) => {
          if (!reply.ok) return;
          this.renewed(reply.iceServers);
          this.schedule(reply.expiresAt);
        })
        .catch(() => this.schedule(this.clock.wallNow() + 70_000));
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }
}
