import type { LiveKitAccess } from '@campus/protocol';

/**
 * What the classroom logic needs of an SFU: a join token for one member of one room, and a way to throw someone out
 * of a room's media. LiveKit is the implementation; tests inject a recording fake.
 */
export interface ClassroomSfu {
  access(roomId: string, userId: string, name: string): Promise<LiveKitAccess>;
  removeParticipant(roomId: string, userId: string): Promise<void>;
}
