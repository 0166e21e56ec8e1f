import { describe, expect, it } from 'vitest';
import type { Member, Presence } from './Member';
import { Members } from './Members';
import { RecordingPort } from './testing/fakes';

const port = new RecordingPort();

function member(presence: Presence): Member {
  return {
    presence,
    profile: { name: 'Ada', appearance: { look: 'sky' }, status: 'available' },
    position: { userId: 'a', position: { x: 0, y: 0 }, direction: 'down', isMoving: false, startedAt: 0 },
    missed: [],
  };
}

function away(cancelled: string[], name: string): Presence {
  return { kind: 'away', sessionId: 's1', since: 5, cancelGrace: () => cancelled.push(name) };
}

describe('Members', () => {
  it('cancels the grace timer of an away presence once it is replaced, and only then', () => {
    const cancelled: string[] = [];
    const members = new Members();
    const first = away(cancelled, 'first');
    members.add('a', member(first));
    members.setPresence('a', first);
    expect(cancelled).toEqual([]);
    members.setPresence('a', { kind: 'local', sessionId: 's2', port });
    expect(cancelled).toEqual(['first']);
    members.setPresence('a', away(cancelled, 'second'));
    members.setPresence('a', { kind: 'remote', sessionId: 's3', node: 'n2', online: false, since: 9 });
    expect(cancelled).toEqual(['first', 'second']);
  });

  it('cancels the grace timer of a member who is removed while away', () => {
    const cancelled: string[] = [];
    const members = new Members();
    members.add('a', member(away(cancelled, 'grace')));
    expect(members.remove('a')?.presence.kind).toBe('away');
    expect(cancelled).toEqual(['grace']);
    expect(members.has('a')).toBe(false);
    expect(members.remove('a')).toBeUndefined();
  });

  it('reaches only sessions on this node, and counts remote users online as their node says', () => {
    const members = new Members();
    members.add('here', member({ kind: 'local', sessionId: 's1', port }));
    members.add('there', member({ kind: 'remote', sessionId: 's2', node: 'n2', online: true, since: 0 }));
    members.add('gone', member(away([], 'grace')));
    expect(members.portOf('here')).toBe(port);
    expect(members.portOf('there')).toBeUndefined();
    expect(['here', 'there', 'gone', 'nobody'].map((id) => members.isOnline(id))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
