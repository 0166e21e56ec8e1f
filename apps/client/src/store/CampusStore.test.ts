import { describe, expect, it } from 'vitest';
import { gridMap } from '@campus/world/testing';
import { CampusStore, type StoreEvent } from './CampusStore';

const map = gridMap(['#####', '#...#', '#####']);

function store(): { store: CampusStore; events: StoreEvent[] } {
  const campus = new CampusStore(
    map,
    (t) => t,
    () => 0,
  );
  const events: StoreEvent[] = [];
  campus.onChange((event) => events.push(event));
  return { store: campus, events };
}

describe('CampusStore: the classroom and what the local user sends', () => {
  it('holds the classroom the user is in and says which one they were in before', () => {
    const { store: campus, events } = store();
    const room = { roomId: 'room-101', name: 'Room 101', members: ['me'], mode: 'mesh' as const, meshCap: 8 };
    campus.setClassroom(room);
    expect(campus.classroom).toBe(room);
    campus.setClassroom(undefined);
    expect(campus.classroom).toBeUndefined();
    expect(events).toEqual([
      { kind: 'classroom', previous: undefined },
      { kind: 'classroom', previous: room },
    ]);
  });

  it('starts with nothing sent, and tells its listeners only when what is sent really changes', () => {
    const { store: campus, events } = store();
    expect(campus.localMedia).toEqual({ mic: false, cam: false, screen: false, dnd: false });
    campus.setLocalMedia({ mic: true, cam: true });
    campus.setLocalMedia({ mic: true });
    campus.setLocalMedia({ screen: false });
    campus.setLocalMedia({ dnd: true });
    expect(campus.localMedia).toEqual({ mic: true, cam: true, screen: false, dnd: true });
    expect(events).toEqual([{ kind: 'local-media' }, { kind: 'local-media' }]);
  });
});
