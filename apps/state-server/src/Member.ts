import type { ChatMessage, PositionState, Profile, UserMedia, UserSnapshot } from '@campus/protocol';
import type { Cancel, ClientPort } from './ports';

/** One user's presence: at most one live session, or none while a dropped connection's grace period runs. */
export interface Member {
  sessionId: string;
  port: ClientPort | undefined;
  profile: Profile;
  position: PositionState;
  disconnectedAt?: number;
  cancelGrace?: Cancel;
  /** Chat said to the user while their connection was down, handed over when they are back. */
  missed: ChatMessage[];
  media?: UserMedia;
  /**
   * The node holding the user's session, when it is another node of a cluster; `port` then reaches them only with
   * what is said to them (their node works out what they see), and online means connected there.
   */
  home?: string;
}

/** Everything another client needs to draw the member. */
export function snapshotOf(userId: string, m: Member): UserSnapshot {
  return {
    userId,
    profile: m.profile,
    position: m.position,
    online: m.port !== undefined,
    ...(m.media ? { media: m.media } : {}),
  };
}
