import type { Membership } from '../classroom/ClassroomController';
import type { ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';
import type { Roster } from '../world/Roster';
import type { LocalMedia } from './LocalMedia';
import type { PeerMesh } from './PeerMesh';

/**
 * What the classroom's media reports to the media controller, which carries it out: it reads the page's media through
 * its context but never calls back into the controller.
 */
export type ClassroomMediaEvent =
  /** A line for the person: a share that ended or was cancelled, the SFU lost or back. */
  | { kind: 'notice'; text: string }
  /** A member's camera and microphone came through the SFU (undefined: they are gone). */
  | { kind: 'person'; userId: string; stream: MediaStream | undefined }
  /** The SFU takes the room over, or what came through it is gone: every call ends and every remote stream goes. */
  | { kind: 'calls-end' }
  /** Our screen share started or stopped: the server and the controls are to hear of it. */
  | { kind: 'sharing' };

/** What the classroom's media reads of the page's media, and where it reports what happened. */
export interface ClassroomMediaContext {
  connection: CampusConnection;
  roster: Roster;
  clock: ClientClock;
  selfId(): string;
  membership(): Membership | undefined;
  local(): LocalMedia | undefined;
  /** The direct calls: a mesh room's screen calls go over them. */
  mesh(): PeerMesh | undefined;
  /** A member's camera and microphone as they arrive (over a direct call or the SFU). */
  streamOf(userId: string): MediaStream | undefined;
  report(event: ClassroomMediaEvent): void;
}
