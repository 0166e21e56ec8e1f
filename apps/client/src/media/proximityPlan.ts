import type { CrowdPolicy } from '@campus/protocol';

/** How one proximity link travels: a direct call, or through the campus-wide SFU room. */
export type LinkTransport = 'mesh' | 'sfu';

/**
 * Whether this person is among a crowd now: they become so at `enterLinks` links and stay so until they are down to
 * `exitLinks`, so someone at the edge of a group does not flip between the two.
 */
export function nextCrowded(wasCrowded: boolean, links: number, policy: CrowdPolicy): boolean {
  return wasCrowded ? links > policy.exitLinks : links >= policy.enterLinks;
}

export interface ProximityInput {
  /** Who we are linked with (we hear and send to them). */
  linked: ReadonlySet<string>;
  /** Who stands close enough that a call is set up silently, ready for when they link. */
  prepared: ReadonlySet<string>;
  /** The crowd policy when the server has an SFU; undefined: every link is a direct call. */
  crowdPolicy: CrowdPolicy | undefined;
  /** Whether we are among a crowd (nextCrowded). */
  selfCrowded: boolean;
  /** Whether each other person says they are among a crowd (their `crowd` media flag). */
  crowded: (userId: string) => boolean;
  /** Whose media arrives over a direct call now, and whose through the SFU. */
  receivingMesh: ReadonlySet<string>;
  receivingSfu: ReadonlySet<string>;
}

export interface ProximityPlan {
  /** How each linked or prepared person's link travels. */
  transport: ReadonlyMap<string, LinkTransport>;
  /** Direct calls to keep or place (prepared ones carry nothing until linked). */
  calls: ReadonlySet<string>;
  /** Whom we let subscribe to our tracks on the SFU, and whose tracks we subscribe to. */
  sfu: ReadonlySet<string>;
  /** Whether to be in the SFU room, publishing our microphone and camera once. */
  publish: boolean;
  /**
   * Which stream to play for each linked person (the one their link travels by once it arrives, else the other), and
   * for each prepared one reached by a direct call.
   */
  play: ReadonlyMap<string, LinkTransport>;
}

/**
 * Decides how proximity links travel. A link goes through the SFU when the server has one and either end is among a
 * crowd (both ends compute the same, from the same flags); otherwise it is a direct call. A link that changes road is
 * made before it is broken: the old road stays up until media arrives by the new one, so the switch is not heard.
 */
export function planProximity(input: ProximityInput): ProximityPlan {
  const transport = new Map<string, LinkTransport>();
  const calls = new Set<string>();
  const sfu = new Set<string>();
  const play = new Map<string, LinkTransport>();
  const near = new Set([...input.prepared, ...input.linked]);
  for (const userId of near) {
    const road: LinkTransport =
      input.crowdPolicy && (input.selfCrowded || input.crowded(userId)) ? 'sfu' : 'mesh';
    transport.set(userId, road);
    const linked = input.linked.has(userId);
    if (road === 'mesh') {
      calls.add(userId);
      // Until the direct call carries them, keep hearing them through the SFU.
      if (linked && input.receivingSfu.has(userId) && !input.receivingMesh.has(userId)) sfu.add(userId);
    } else if (linked) {
      sfu.add(userId);
      if (input.receivingMesh.has(userId) && !input.receivingSfu.has(userId)) calls.add(userId);
    }
    // A prepared call's stream plays (at the edge volume, carrying nothing yet) so its audio is already flowing
    // through the page when the link forms: the first words are not lost to a playout that starts late.
    if (!linked) {
      if (road === 'mesh') play.set(userId, 'mesh');
      continue;
    }
    const other: LinkTransport = road === 'mesh' ? 'sfu' : 'mesh';
    const arrived = road === 'mesh' ? input.receivingMesh : input.receivingSfu;
    const fallback = other === 'mesh' ? input.receivingMesh : input.receivingSfu;
    play.set(userId, arrived.has(userId) || !fallback.has(userId) ? road : other);
  }
  return { transport, calls, sfu, publish: sfu.size > 0 || (!!input.crowdPolicy && input.selfCrowded), play };
}
