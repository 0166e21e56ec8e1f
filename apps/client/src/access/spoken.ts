import type { ChatMessage, Point } from '@campus/protocol';
import { DEFAULT_PROXIMITY, ProximityLinks, type Neighbour } from '@campus/world';

/**
 * What a screen reader is told, as plain sentences: pure, so the words are tested here and the live region only
 * shows them. Nothing here reads the page.
 */

/** A chat message as it is read out: who, which conversation, what. */
export function messageSpoken(
  message: Pick<ChatMessage, 'scope' | 'fromName' | 'roomId' | 'text'>,
  roomName: (roomId: string) => string,
): string {
  const where =
    message.scope === 'direct'
      ? 'to you'
      : message.scope === 'room' && message.roomId
        ? `in ${roomName(message.roomId)}`
        : 'nearby';
  return `${message.fromName} ${where}: ${message.text}`;
}

/** "Bo", "Bo and Cy", "Bo, Cy and Dee". */
export function namesSpoken(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Who came within talking range and who walked out of it, in one sentence each. */
export function nearbySpoken(came: readonly string[], left: readonly string[]): string[] {
  const said: string[] = [];
  if (came.length > 0) said.push(`${namesSpoken(came)} ${came.length === 1 ? 'is' : 'are'} near you`);
  if (left.length > 0) said.push(`${namesSpoken(left)} ${left.length === 1 ? 'has' : 'have'} moved away`);
  return said;
}

/** Entering or leaving a room, with who is there. */
export function roomSpoken(
  change: { entered: string; others: readonly string[] } | { left: string },
): string {
  if ('left' in change) return `You left ${change.left}`;
  const { entered, others } = change;
  if (others.length === 0) return `You are in ${entered}, on your own`;
  return `You are in ${entered} with ${namesSpoken(others)}`;
}

/**
 * The canvas's text alternative: where you are, who is near, and how many others are around (this page knows of
 * the people within its area of interest, not of the whole campus).
 */
export function whereSpoken(place: string | undefined, near: readonly string[], others: number): string {
  const at = place ? `You are in ${place}` : 'You are on the campus, outside the rooms';
  const close = near.length === 0 ? 'Nobody is near you' : `Near you: ${namesSpoken(near)}`;
  const around =
    others === 0 ? 'Nobody else is around' : `${others} other ${others === 1 ? 'person' : 'people'} around`;
  return `${at}. ${close}. ${around}.`;
}

/**
 * Who is within talking range, with the proximity links' hysteresis and debounce (so walking along the edge of
 * someone's range does not repeat their name), and what changed since the last look.
 */
export class NearbyWatch {
  // Talking range as the calls have it; a longer wait before "moved away", and no cap on how many are named.
  private readonly links = new ProximityLinks({ ...DEFAULT_PROXIMITY, unlinkDelay: 600, maxLinks: 50 });

  /**
   * `talksWith` says whom one can talk to at all from here (someone behind a classroom's wall cannot be): they are
   * counted out the way someone walking off is, after the same wait, so a doorway does not make their name repeat.
   */
  update(
    self: Point,
    others: ReadonlyMap<string, Point>,
    now: number,
    talksWith: (p: Point) => boolean = () => true,
  ): { came: string[]; left: string[] } {
    const neighbours: Neighbour[] = [...others].map(([userId, position]) => ({
      userId,
      position,
      available: talksWith(position),
    }));
    const changes = this.links.update(self, true, neighbours, now);
    return { came: changes.linked, left: changes.unlinked };
  }

  get near(): ReadonlySet<string> {
    return this.links.current;
  }

  reset(): void {
    this.links.reset();
  }
}
