import type { LinkTransport } from './proximityPlan';

/**
 * How far someone's voice has come along one road (a direct call, or the SFU):
 * - `none`: no stream by this road;
 * - `present`: the stream is there, but no audio has come through it yet (a call still connecting, a subscription
 *   the SFU has not started forwarding);
 * - `flowing`: audio packets arrive (or the stream has been there long enough that a silent sender is the reason);
 * - `settled`: flowing long enough that the other end's stream of us by the same road is flowing too, so the old road
 *   can be let go without either of us hearing a gap.
 */
export type Arrival = 'none' | 'present' | 'flowing' | 'settled';

/** The part of an `RTCRtpReceiver` read here: its stats, for the inbound audio's packet count. */
export interface AudioReceiver {
  getStats(): Promise<{ forEach(each: (entry: Record<string, unknown>) => void): void }>;
}

export const ARRIVAL_TIMING = {
  /** How often a stream not yet flowing has its packet count read. */
  pollMs: 100,
  /** A stream that has carried nothing for this long counts as flowing: its sender is muted, not unreachable. */
  patienceMs: 2000,
  /**
   * How long a road must have been flowing here before the old one goes, at least. Both ends change road on the same
   * flags, a moment apart, and the old road (one call, or permissions both ways) carries both directions: it stays
   * until the slower end has the new road too. That end asked for it at about the time our stream started to flow
   * (it needed our permission or our call), and takes about as long as we took, so a road settles once it has been
   * flowing for as long as it took to come, and at least this long.
   */
  settleMs: 1000,
  /** …and at most this long: a road that took longer to come is not waited for twice. */
  maxSettleMs: 5000,
};

interface Watched {
  receiver: AudioReceiver;
  /** When the plan first wanted this road for this person (or the stream appeared, if earlier). */
  wanted: number;
  since: number;
  flowingSince: number | undefined;
  lastPoll: number;
  polling: boolean;
}

const key = (userId: string, road: LinkTransport): string => `${road}:${userId}`;

/**
 * Watches the audio receiver of each person's stream by each road and says how far it has come (`Arrival`), so a
 * link that changes road plays the new stream only once audio comes through it and keeps the old road until the new
 * one has settled. A stream whose receiver changes starts over.
 */
export class RoadArrivals {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly timing = ARRIVAL_TIMING) {}

  /** Since when the plan has wanted each person's link on its road. */
  private readonly wantedSince = new Map<string, number>();

  /**
   * Takes what each road carries now (the audio receiver of each person's stream) and the road the plan last chose
   * for each link, reads the packet counts that are due, and returns how far each person's voice has come by each
   * road.
   */
  observe(
    now: number,
    roads: Record<LinkTransport, ReadonlyMap<string, AudioReceiver | undefined>>,
    wanted: ReadonlyMap<string, LinkTransport> = new Map(),
  ): (userId: string, road: LinkTransport) => Arrival {
    const wantedKeys = new Set([...wanted].map(([userId, road]) => key(userId, road)));
    for (const k of [...this.wantedSince.keys()]) if (!wantedKeys.has(k)) this.wantedSince.delete(k);
    for (const k of wantedKeys) if (!this.wantedSince.has(k)) this.wantedSince.set(k, now);
    const seen = new Set<string>();
    for (const road of ['mesh', 'sfu'] as const) {
      for (const [userId, receiver] of roads[road]) {
        if (!receiver) continue;
        const k = key(userId, road);
        seen.add(k);
        let watch = this.watched.get(k);
        if (watch?.receiver !== receiver) {
          const wantedAt = Math.min(this.wantedSince.get(k) ?? now, now);
          watch = {
            receiver,
            wanted: wantedAt,
            since: now,
            flowingSince: undefined,
            lastPoll: -Infinity,
            polling: false,
          };
          this.watched.set(k, watch);
        }
        this.poll(now, watch);
      }
    }
    for (const k of [...this.watched.keys()]) if (!seen.has(k)) this.watched.delete(k);
    return (userId, road) => this.arrival(now, userId, road);
  }

  arrival(now: number, userId: string, road: LinkTransport): Arrival {
    const watch = this.watched.get(key(userId, road));
    if (!watch) return 'none';
    const flowingSince =
      watch.flowingSince ?? (now - watch.since >= this.timing.patienceMs ? watch.since : undefined);
    if (flowingSince === undefined) return 'present';
    const took = flowingSince - watch.wanted;
    const settle = Math.min(Math.max(this.timing.settleMs, took), this.timing.maxSettleMs);
    return now - flowingSince >= settle ? 'settled' : 'flowing';
  }

  private poll(now: number, watch: Watched): void {
    if (watch.flowingSince !== undefined || watch.polling || now - watch.lastPoll < this.timing.pollMs)
      return;
    if (now - watch.since >= this.timing.patienceMs) return;
    watch.lastPoll = now;
    watch.polling = true;
    void watch.receiver
      .getStats()
      .then((report) => {
        let packets = 0;
        report.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += Number(s.packetsReceived ?? 0);
        });
        // Dated at the tick that asked: the answer comes a moment later, and the next tick reads it.
        if (packets > 0) watch.flowingSince ??= now;
      })
      .catch(() => {})
      .finally(() => (watch.polling = false));
  }
}
