import type {
  ChatMessage,
  Point,
  PositionState,
  Profile,
  ProfileUpdate,
  UserMedia,
  UserSnapshot,
} from '@campus/protocol';
import { exhaustiveSwitchError } from './exhaustive';
import type { Cancel, ClientPort } from './ports';

/** This node holds the user's live session and reaches it through `port`. */
export interface LocalPresence {
  readonly kind: 'local';
  readonly sessionId: string;
  readonly port: ClientPort;
}

/**
 * The user's session on this node dropped at `since`: their avatar stays (offline) for the grace period, after which
 * they leave, unless a new session comes first (which cancels the grace timer).
 */
export interface AwayPresence {
  readonly kind: 'away';
  readonly sessionId: string;
  readonly since: number;
  readonly cancelGrace: Cancel;
}

/**
 * Another node of a cluster holds the user's session; `online` as that node last said, `since` when this node last
 * saw that change. Nothing is sent to them from here but chat (their node works out what they see).
 */
export interface RemotePresence {
  readonly kind: 'remote';
  readonly sessionId: string;
  readonly node: string;
  readonly online: boolean;
  readonly since: number;
}

/** Where a user's one presence lives: at most one session counts, and none while a dropped one's grace period runs. */
export type Presence = LocalPresence | AwayPresence | RemotePresence;

/** One user in the world. Its presence changes only through `Members`, which owns every member. */
export interface Member {
  readonly presence: Presence;
  profile: Profile;
  position: PositionState;
  media?: UserMedia;
  /** Chat said to the user while their connection was down, handed over when they are back. */
  missed: ChatMessage[];
}

/** True while the user's connection is up, on this node or (in a cluster) on theirs. */
export function isOnline(presence: Presence): boolean {
  switch (presence.kind) {
    case 'local':
      return true;
    case 'away':
      return false;
    case 'remote':
      return presence.online;
    default:
      return exhaustiveSwitchError(presence);
  }
}

/** Since when the user's connection has been down; undefined while it is up. */
export function offlineSince(presence: Presence): number | undefined {
  switch (presence.kind) {
    case 'local':
      return undefined;
    case 'away':
      return presence.since;
    case 'remote':
      return presence.online ? undefined : presence.since;
    default:
      return exhaustiveSwitchError(presence);
  }
}

/** Everything another client needs to draw the member. */
export function snapshotOf(userId: string, m: Member): UserSnapshot {
  return {
    userId,
    profile: m.profile,
    position: m.position,
    online: isOnline(m.presence),
    ...(m.media ? { media: m.media } : {}),
  };
}

/** A stroke standing still at `p` from `now`. */
export function standing(
  userId: string,
  p: Point,
  direction: PositionState['direction'],
  now: number,
): PositionState {
  return { userId, position: { x: p.x, y: p.y }, direction, isMoving: false, startedAt: now };
}

/** The profile with the update's fields applied. */
export function mergeProfile(profile: Profile, update: ProfileUpdate): Profile {
  return {
    name: update.name ?? profile.name,
    appearance: update.appearance ?? profile.appearance,
    status: update.status ?? profile.status,
  };
}

/** True when others would see no difference between the two profiles. */
export function sameProfile(a: Profile, b: Profile): boolean {
  return a.name === b.name && a.appearance.look === b.appearance.look && a.status === b.status;
}
