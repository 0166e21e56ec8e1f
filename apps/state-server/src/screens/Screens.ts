import { MessageError, type ScreenCommand, type ScreenState } from '@campus/protocol';
import type { Classrooms } from '../classrooms/Classrooms';
import type { Lessons } from '../lessons/Lessons';
import type { Logger } from '../logger';
import type { MediaLibrary } from '../mediaLibrary';
import type { Clock } from '../ports';
import { RoomError } from '../RoomError';
import type { Roles } from '../teaching/Roles';
import type { WorldRoom } from '../WorldRoom';
import type { RoomRecords } from './RoomRecords';
import { applyScreen, blankScreen, pauseForEmptyRoom } from './screenRules';
import { resolveScreenSource } from './screenSources';

export interface ScreensOptions {
  /** With lessons and roles: in a room whose lesson runs, only a teacher controls the screen. */
  lessons?: Lessons;
  roles?: Roles;
}

/**
 * The rooms' screens (docs/watching.md): one shared playback per room, which no client owns. Each command from a
 * member is checked (members only; only a teacher while a lesson runs; against the version it was made from), stamped
 * with the server's clock, written to the shared records and sent from there to every member of the room on every
 * node, the sender included. A room everyone left pauses its film where it was.
 */
export class Screens {
  private readonly records = new Map<string, ScreenState>();
  /** The room each local user was last known to be in, to tell a departure. */
  private readonly localRoom = new Map<string, string>();
  /** The last version of each room's screen this node sent its members. */
  private readonly told = new Map<string, number>();

  constructor(
    private readonly world: WorldRoom,
    private readonly classrooms: Classrooms,
    private readonly board: RoomRecords<ScreenState>,
    private readonly library: MediaLibrary,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: ScreensOptions = {},
  ) {
    classrooms.onChange((userId) => this.membershipChanged(userId));
    board.follow((roomId, record) => this.heard(roomId, record));
    board.onReconnect(() => {
      this.load().catch((err: unknown) =>
        this.log.warn({ err: String(err) }, 'could not reload the screens'),
      );
    });
  }

  /** Loads the screens other nodes hold (before this node takes connections). */
  async start(): Promise<void> {
    await this.load();
  }

  /** The room's screen as a member sees it now (blank when nothing was ever put on it). */
  viewOf(roomId: string): ScreenState {
    return this.records.get(roomId) ?? blankScreen(roomId, this.clock.now());
  }

  /** A member's command to the screen of the room they are in; the screen as it is after. */
  async command(userId: string, command: ScreenCommand): Promise<ScreenState> {
    const { roomId } = command;
    if (!this.classrooms.isMember(userId, roomId)) {
      throw new RoomError(MessageError.NOT_A_MEMBER, 'walk into the room first');
    }
    await this.requireControl(userId, roomId);
    const showing =
      command.action === 'load' ? await resolveScreenSource(command.source, this.library) : undefined;
    const name = this.world.profileOf(userId)?.name ?? userId;
    const record = await this.board.update(roomId, (current) => {
      const before = current ?? blankScreen(roomId, this.clock.now());
      const after = applyScreen(before, command, {
        now: this.clock.now(),
        actor: { userId, name },
        ...(showing ? { showing } : {}),
      });
      return after === before ? undefined : after;
    });
    if (record) this.remember(roomId, record);
    return this.viewOf(roomId);
  }

  /** Where a lesson runs in the room, only a teacher may control its screen. */
  private async requireControl(userId: string, roomId: string): Promise<void> {
    const { lessons, roles } = this.options;
    if (!lessons?.viewOf(roomId).active) return;
    const role = await roles?.roleOf(userId);
    if (role?.role !== 'teacher') {
      throw new RoomError(MessageError.NOT_A_TEACHER, 'the teacher runs the screen during a lesson');
    }
  }

  private async load(): Promise<void> {
    const loaded = await this.board.load(this.world.map.areas.map((a) => a.id));
    for (const [roomId, record] of loaded) this.heard(roomId, record);
  }

  /** A change from any node: remember it and tell this node's members of the room (once per version). */
  private heard(roomId: string, record: ScreenState): void {
    this.remember(roomId, record);
    if ((this.told.get(roomId) ?? -1) >= record.version) return;
    this.told.set(roomId, record.version);
    for (const userId of this.classrooms.membersOf(roomId)) {
      if (this.world.isLocal(userId)) this.world.sendTo(userId, 'screen:state', record);
    }
  }

  private remember(roomId: string, record: ScreenState): void {
    const known = this.records.get(roomId);
    if (!known || record.version >= known.version) this.records.set(roomId, record);
  }

  private membershipChanged(userId: string): void {
    const before = this.localRoom.get(userId);
    const now = this.classrooms.roomOf(userId);
    if (before === now) return;
    if (now === undefined) this.localRoom.delete(userId);
    else this.localRoom.set(userId, now);
    if (before === undefined || this.classrooms.membersOf(before).length > 0) return;
    // The last one out: the film waits, paused, for whoever comes in next.
    this.board
      .update(before, (current) => {
        if (!current) return undefined;
        const after = pauseForEmptyRoom(current, this.clock.now());
        return after === current ? undefined : after;
      })
      .catch((err: unknown) =>
        this.log.warn({ err: String(err), roomId: before }, 'could not pause a screen'),
      );
  }
}
