import type { LiveKitAccess } from '@campus/protocol';

/**
 * What the classroom logic needs of an SFU: a join token for one member of one room, and a way to throw someone out
 * of a room's media. LiveKit is the implementation; tests inject a recording fake.
 */
export interface ClassroomSfu {
  /** `canSpeak: false`: the token lets them publish camera and screen but no microphone (a muted lesson). */
  access(
    roomId: string,
    userId: string,
    name: string,
    options?: { canSpeak?: boolean },
  ): Promise<LiveKitAccess>;
  removeParticipant(roomId: string, userId: string): Promise<void>;
  /** Grants or withdraws a member's microphone at the SFU (withdrawing it unpublishes a microphone they send). */
  setCanSpeak?(roomId: string, userId: string, canSpeak: boolean): Promise<void>;
}

/**
 * The campus-wide SFU room that carries proximity links among a crowd. Its name cannot be a classroom's (those are
 * `[a-z0-9-]`), so no map can make a classroom of it.
 */
export const NEARBY_ROOM = '_nearby';

/** What proximity media needs of an SFU: a token for the campus-wide room. */
export interface NearbySfu {
  nearbyAccess(userId: string, name: string): Promise<LiveKitAccess>;
}
