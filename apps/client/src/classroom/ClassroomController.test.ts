import { describe, expect, it } from 'vitest';
import type { RoomEnterReply } from '@campus/protocol';
import type { Area } from '@campus/world';
import type { CampusConnection } from '../net/CampusConnection';
import { ClassroomController } from './ClassroomController';

/** The parts of CampusConnection the controller uses, with `room:enter` answered only when the test says so. */
class FakeConnection {
  readonly sent: Array<{ event: string; roomId: string }> = [];
  private readonly answers: Array<(reply: RoomEnterReply) => void> = [];

  on(): () => void {
    return () => {};
  }

  send(event: string, payload: { roomId: string }): void {
    this.sent.push({ event, roomId: payload.roomId });
  }

  request(event: string, payload: { roomId: string }): Promise<RoomEnterReply> {
    this.sent.push({ event, roomId: payload.roomId });
    return new Promise<RoomEnterReply>((resolve) => this.answers.push(resolve));
  }

  /** Answers the oldest `room:enter` still waiting. */
  answer(reply: RoomEnterReply): void {
    this.answers.shift()?.(reply);
  }
}

const area = (id: string): Area => ({ id, name: id, rect: { x: 0, y: 0, width: 10, height: 10 } }) as Area;

function setup() {
  const connection = new FakeConnection();
  const where: { area: Area | undefined } = { area: undefined };
  const controller = new ClassroomController(connection as unknown as CampusConnection, () => 'me', {
    setBarriers: () => {},
    currentArea: () => where.area,
    notify: () => {},
    changed: () => {},
  });
  const walkInto = (id: string | undefined): void => {
    where.area = id === undefined ? undefined : area(id);
    controller.areaChanged(where.area);
  };
  const enters = (): string[] => connection.sent.filter((s) => s.event === 'room:enter').map((s) => s.roomId);
  return { connection, controller, walkInto, enters };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('ClassroomController', () => {
  it('an answer for a room left behind does not let a second entry to the current room start alongside the first', async () => {
    const { connection, controller, walkInto, enters } = setup();
    walkInto('a');
    walkInto('b');
    // The answer for room a arrives while the one for b is on its way; the avatar steps out of b and back in.
    connection.answer({ ok: true, roomId: 'a', members: ['me'], mode: 'mesh', meshCap: 8 });
    await flush();
    walkInto(undefined);
    walkInto('b');
    expect(enters()).toEqual(['a', 'b']);
    expect(connection.sent).toContainEqual({ event: 'room:leave', roomId: 'a' });
    connection.answer({ ok: true, roomId: 'b', members: ['me'], mode: 'mesh', meshCap: 8 });
    await flush();
    expect(controller.current?.roomId).toBe('b');
  });

  it('after a reconnect, enters again even though the entry sent on the old connection never got its answer', () => {
    const { controller, walkInto, enters } = setup();
    walkInto('b');
    controller.rejoined();
    expect(enters()).toEqual(['b', 'b']);
  });
});
