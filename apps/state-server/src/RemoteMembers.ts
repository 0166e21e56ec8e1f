import {
  ConnectRefusal,
  codeName,
  type PositionState,
  type UserMedia,
  type UserSnapshot,
} from '@campus/protocol';
import type { Audience } from './Audience';
import { isOnline, offlineSince, sameProfile, type Member } from './Member';
import type { Members } from './Members';
import type { Clock } from './ports';

/** The parts of a WorldRoom that keeping its remote members needs. */
export interface WorldInternals {
  members: Members;
  audience: Audience;
  clock: Clock;
  /** Tells the member's new stroke to whoever sees it, then to the world's observers. */
  setStroke(userId: string, member: Member): void;
  /** Removes the user and tells everyone. */
  leave(userId: string): void;
}

/** One user whose session another node holds (only that session of theirs, when given). */
export type RemoteUser = { userId: string; sessionId?: string };

/**
 * A world's members whose sessions other nodes of a cluster hold (presence `remote`): every node keeps the whole
 * world, and applies what the owning node announces of each of its users (the results, never the requests, so nothing
 * is checked twice). They are members like any other (the interest grid, chat and classrooms see them); only chat
 * said to them travels to their node, which works out for itself what they see.
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
    const now = clock.now();
    const member = members.get(userId);
    if (!member) {
      members.add(userId, {
        presence: { kind: 'remote', sessionId, node, online: user.online, since: now },
        profile: user.profile,
        position: user.position,
        missed: [],
        ...(user.media ? { media: user.media } : {}),
      });
      audience.arrive(userId);
      return true;
    }
    const wasOnline = isOnline(member.presence);
    const held = member.presence;
    if (held.kind !== 'remote' || held.node !== node || held.sessionId !== sessionId) {
      if (!claim) return false;
      this.takeOver(userId, member, node, sessionId, now);
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
    const since = user.online ? now : (offlineSince(member.presence) ?? now);
    members.setPresence(userId, { kind: 'remote', sessionId, node, online: user.online, since });
    if (wasOnline !== user.online) audience.presence(userId, user.online);
    // What was said to them here while they were away goes to wherever they are back.
    if (user.online) for (const message of member.missed.splice(0)) members.chatNow(userId, message);
    return true;
  }

  /** Removes users whose sessions `node` holds: one user (only that `sessionId`, when given), or all but `keep`. */
  remove(node: string, only?: RemoteUser, keep?: ReadonlySet<string>): void {
    for (const [userId, { presence }] of [...this.world.members.entries()]) {
      if (presence.kind !== 'remote' || presence.node !== node || keep?.has(userId)) continue;
      if (only && (only.userId !== userId || (only.sessionId ?? presence.sessionId) !== presence.sessionId))
        continue;
      this.world.leave(userId);
    }
  }

  /** The other nodes holding sessions of users present here. */
  nodes(): Set<string> {
    const nodes = new Set<string>();
    for (const [, { presence }] of this.world.members.entries())
      if (presence.kind === 'remote') nodes.add(presence.node);
    return nodes;
  }

  /**
   * The presence moves to `node`'s session, offline until the announcement says otherwise (keeping since when it was
   * down, if it was); a session here is told and closed.
   */
  private takeOver(userId: string, member: Member, node: string, sessionId: string, now: number): void {
    const previous = member.presence;
    // Switch before closing the old session: its disconnect, which may come at once, must find itself superseded.
    this.world.members.setPresence(userId, {
      kind: 'remote',
      sessionId,
      node,
      online: false,
      since: offlineSince(previous) ?? now,
    });
    if (previous.kind === 'local') {
      const code = ConnectRefusal.SESSION_REPLACED;
      previous.port.send('session:replaced', { code, reason: codeName(code) });
      previous.port.disconnect();
    }
  }
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
