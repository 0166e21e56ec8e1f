import type { CrowdPolicy } from '@campus/protocol';
import type { Arrival } from './RoadArrivals';

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
  /** How far each person's voice has come by each road (RoadArrivals). */
  arrival: (userId: string, road: LinkTransport) => Arrival;
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
   * Which stream to play for each linked person (the one their link travels by once audio flows through it, else the
   * other), and for each prepared one reached by a direct call.
   */
  play: ReadonlyMap<string, LinkTransport>;
  /**
   * Streams to keep playing silently beside the one heard while a link is up on both roads (the new one not yet
   * flowing, or the old one not yet let go), so that whichever takes over has its audio already running through the
   * page: nothing is lost to a playout starting late.
   */
  standby: ReadonlyMap<string, LinkTransport>;
}

const live = (arrival: Arrival): boolean => arrival === 'flowing' || arrival === 'settled';

/**
 * Decides how proximity links travel. A link goes through the SFU when the server has one and either end is among a
 * crowd (both ends compute the same, from the same flags); otherwise it is a direct call. A link that changes road is
 * made before it is broken: the new road plays once audio flows through it, and the old road (which carries both
 * directions) stays up until the new one has settled, so neither end hears the switch.
 */
export function planProximity(input: ProximityInput): ProximityPlan {
  const transport = new Map<string, LinkTransport>();
  const calls = new Set<string>();
  const sfu = new Set<string>();
  const play = new Map<string, LinkTransport>();
  const standby = new Map<string, LinkTransport>();
  const near = new Set([...input.prepared, ...input.linked]);
  const keep = (userId: string, road: LinkTransport): void => {
    if (road === 'mesh') calls.add(userId);
    else sfu.add(userId);
  };
  for (const userId of near) {
    const road: LinkTransport =
      input.crowdPolicy && (input.selfCrowded || input.crowded(userId)) ? 'sfu' : 'mesh';
    transport.set(userId, road);
    const linked = input.linked.has(userId);
    // A prepared call's stream plays (at the edge volume, carrying nothing yet) so its audio is already flowing
    // through the page when the link forms: the first words are not lost to a playout that starts late. Prepared
    // people get no SFU subscription.
    if (!linked) {
      if (road === 'mesh') {
        calls.add(userId);
        play.set(userId, 'mesh');
      }
      continue;
    }
    keep(userId, road);
    const other: LinkTransport = road === 'mesh' ? 'sfu' : 'mesh';
    const now = input.arrival(userId, road);
    const before = input.arrival(userId, other);
    const both = now !== 'settled' && before !== 'none';
    if (both) keep(userId, other);
    const heard = live(now) || !live(before) ? road : other;
    play.set(userId, heard);
    // While both roads are up, the one not heard keeps playing silently: whichever way the link goes next (on, or
    // back, as a crowd comes and goes), its voice is already running.
    const unheard = heard === road ? other : road;
    if (both && input.arrival(userId, unheard) !== 'none') standby.set(userId, unheard);
  }
  return {
    transport,
    calls,
    sfu,
    publish: sfu.size > 0 || (!!input.crowdPolicy && input.selfCrowded),
    play,
    standby,
  };
}
