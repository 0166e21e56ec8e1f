import { distance, DEFAULT_PROXIMITY, type Neighbour } from '@campus/world';
import type { Point } from '@campus/protocol';
import type { PeerMesh } from './PeerMesh';

/** When a link formed, measured for the media benchmark. */
export interface LinkTiming {
  userId: string;
  enteredAt: number;
  linkedAt?: number;
  firstAudioAt?: number;
  /** Audio samples the call had already received when they entered (a prepared call may have carried talk before). */
  baseline?: number;
  probing?: boolean;
}

/**
 * For the media benchmark: when each neighbour walked into range, when the link formed, and when their audio first
 * arrived (from the call's statistics).
 */
export class LinkTimings {
  private readonly timings = new Map<string, LinkTiming>();

  constructor(private readonly now: () => number) {}

  /** Notes who has just come within range, and forgets who is out of it and not linked. */
  observe(now: number, self: Point, neighbours: readonly Neighbour[], linked: ReadonlySet<string>): void {
    for (const { userId, position, available } of neighbours) {
      const near = distance(self, position) < DEFAULT_PROXIMITY.enterRadius;
      if (near && available && !this.timings.has(userId))
        this.timings.set(userId, { userId, enteredAt: now });
      if (!near && !linked.has(userId)) this.timings.delete(userId);
    }
  }

  linked(userIds: readonly string[], now: number): void {
    for (const userId of userIds) {
      const timing = this.timings.get(userId);
      if (timing) timing.linkedAt = now;
    }
  }

  /** A planned call with someone timed: once connected, probe for their first audio. */
  called(mesh: PeerMesh | undefined, userId: string, peerId: string, connected: boolean): void {
    const timing = this.timings.get(userId);
    if (timing && timing.firstAudioAt === undefined && connected)
      void this.probeFirstAudio(mesh, peerId, timing);
  }

  list(): LinkTiming[] {
    return [...this.timings.values()];
  }

  /** Notes when audio from a newly entered neighbour first arrives: samples beyond what the call had when they entered. */
  private async probeFirstAudio(
    mesh: PeerMesh | undefined,
    peerId: string,
    timing: LinkTiming,
  ): Promise<void> {
    if (timing.probing) return;
    timing.probing = true;
    const stats = await mesh?.stats(peerId);
    timing.probing = false;
    if (!stats) return;
    if (timing.baseline === undefined) timing.baseline = stats.audioSamplesReceived;
    else if (stats.audioSamplesReceived > timing.baseline && timing.firstAudioAt === undefined) {
      timing.firstAudioAt = this.now();
    }
  }
}
