import {
  ConnectRefusal,
  codeName,
  type ChatMessage,
  type PositionState,
  type Profile,
  type UserMedia,
  type UserSnapshot,
} from '@campus/protocol';
import type { Audience } from './Audience';
import type { Member } from './Member';
import type { Clock, ClientPort } from './ports';

/** The parts of a WorldRoom that keeping its remote members needs. */
export interface WorldInternals {
  members: Map<string, Member>;
  audience: Audience;
  clock: Clock;
  /** Tells the member's new stroke to whoever sees it, then to the world's observers. */
  setStroke(userId: string, member: Member): void;
  /** Removes the user and tells everyone. */
  leave(userId: string): void;
  /** Hands a chat message to a user on another node. */
  forwardChat?: (userId: string, message: ChatMessage) => void;
}

/**
 * A world's members whose sessions other nodes of a cluster hold: every node keeps the whole world, and applies what
 * the owning node announces of each of its users (the results, never the requests, so nothing is checked twice).
 * They are members like any other (the interest grid, chat and classrooms see them); only what is said to them
 * travels to their node, which works out for itself what they see.
 */
export class RemoteMembers {
  constructor(private readonly world: WorldInternals) {}

  /**
   * The user as `node` announced them: they appear, or what others see of them changes. A `claim` also takes the
   * presence over from wherever it was, this node included (its session is told and closed); otherwise news of a
   * superseded session is ignored. This node's clients hear of it as of anyone. Returns false when ignored.
   */
  apply(node: string, sessionId: string, user: UserSnapshot, claim: boolean): boolean {
    const { members, audience, clock } = this.world;
    const { userId } = user;
    const member = members.get(userId);
    if (!member) {
      const added: Member = {
        sessionId,
        home: node,
        port: user.online ? this.port(userId) : undefined,
        profile: user.profile,
        position: user.position,
        missed: [],
        ...(user.online ? {} : { disconnectedAt: clock.now() }),
        ...(user.media ? { media: user.media } : {}),
      };
      members.set(userId, added);
      audience.arrive(userId);
      return true;
    }
    const wasOnline = member.port !== undefined;
    if (member.sessionId !== sessionId || member.home !== node) {
      if (!claim) return false;
      this.takeOver(member, node, sessionId);
    }
    if (!sameProfile(member.profile, user.profile)) {
      member.profile = user.profile;
      audience.tell(userId, 'user:profile', { userId, profile: member.profile });
    }
    if (!sameMedia(member.media, user.media)) {
      if (user.media) member.media = user.media;
      else delete member.media;
      audience.tell(userId, 'user:media', { userId, media: user.media ?? null });
    }
    if (!sameStroke(member.position, user.position)) {
      member.position = user.position;
      this.world.setStroke(userId, member);
    }
    member.port = user.online ? (wasOnline && member.port) || this.port(userId) : undefined;
    member.disconnectedAt = user.online ? undefined : (member.disconnectedAt ?? clock.now());
    if (wasOnline !== user.online) audience.presence(userId, user.online);
    // What was said to them here while they were away goes to wherever they are back.
    if (member.port) for (const message of member.missed.splice(0)) member.port.send('chat:message', message);
    return true;
  }

  /** Removes users whose sessions `node` holds: one user (only that `sessionId`, when given), or all but `keep`. */
  remove(node: string, only?: { userId: string; sessionId?: string }, keep?: ReadonlySet<string>): void {
    for (const [userId, m] of [...this.world.members]) {
      if (m.home !== node || keep?.has(userId)) continue;
      if (only && (only.userId !== userId || (only.sessionId ?? m.sessionId) !== m.sessionId)) continue;
      this.world.leave(userId);
    }
  }

  /** The other nodes holding sessions of users present here. */
  nodes(): Set<string> {
    const nodes = new Set<string>();
    for (const m of this.world.members.values()) if (m.home !== undefined) nodes.add(m.home);
    return nodes;
  }

  /** A user on another node hears only what is said to them (chat); their node works out what they see. */
  private port(userId: string): ClientPort {
    return {
      send: (event, ...args) => {
        if (event === 'chat:message') this.world.forwardChat?.(userId, args[0] as ChatMessage);
      },
      disconnect: () => {},
    };
  }

  /** The presence moves to `node`'s session; a session here is told and closed. */
  private takeOver(member: Member, node: string, sessionId: string): void {
    const replaced = member.home === undefined ? member.port : undefined;
    member.cancelGrace?.();
    member.cancelGrace = undefined;
    // Switch before closing the old session: its disconnect, which may come at once, must find itself superseded.
    member.sessionId = sessionId;
    member.home = node;
    member.port = undefined;
    if (replaced) {
      const code = ConnectRefusal.SESSION_REPLACED;
      replaced.send('session:replaced', { code, reason: codeName(code) });
      replaced.disconnect();
    }
  }
}

function sameProfile(a: Profile, b: Profile): boolean {
  return a.name === b.name && a.appearance.look === b.appearance.look && a.status === b.status;
}

function sameMedia(a: UserMedia | undefined, b: UserMedia | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.peerId === b.peerId && a.mic === b.mic && a.cam === b.cam && (a.screen ?? false) === (b.screen ?? false)
  );
}

function sameStroke(a: PositionState, b: PositionState): boolean {
  return (
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.direction === b.direction &&
    a.isMoving === b.isMoving &&
    a.startedAt === b.startedAt
  );
}
