import { describe, expect, it } from 'vitest';
import type { UserSnapshot } from '@campus/protocol';
import { Roster, type RosterEvent } from './Roster';

function user(userId: string, online = true): UserSnapshot {
  return {
    userId,
    profile: { name: userId, appearance: { look: 'sky' }, status: 'available' },
    position: { userId, position: { x: 0, y: 0 }, direction: 'down', isMoving: false, startedAt: 0 },
    online,
  };
}

describe('Roster', () => {
  it('drops someone who walks out of range without forgetting that a watched partner is online', () => {
    const roster = new Roster();
    const events: RosterEvent[] = [];
    roster.onChange((e) => events.push(e));
    roster.reset([user('ada'), user('bo')]);
    roster.setWatched(['ada'], ['ada']);
    roster.hide('ada');
    roster.hide('bo');
    expect(roster.get('ada')).toBeUndefined();
    expect(roster.isOnline('ada')).toBe(true);
    // Bo is not watched: out of range, nothing is known of them.
    expect(roster.isOnline('bo')).toBe(false);
    expect(events.map((e) => e.kind)).toEqual(['reset', 'hidden', 'hidden']);
  });

  it('hears of a far-away watched partner going and coming back, and of nobody else far away', () => {
    const roster = new Roster();
    const events: RosterEvent[] = [];
    roster.onChange((e) => events.push(e));
    roster.setWatched(['cy'], []);
    roster.setOnline('cy', true);
    roster.setOnline('dee', true);
    expect(roster.isOnline('cy')).toBe(true);
    expect(roster.isOnline('dee')).toBe(false);
    roster.remove('cy');
    expect(roster.isOnline('cy')).toBe(false);
    expect(events).toEqual([
      { kind: 'presence', userId: 'cy', online: false },
      { kind: 'presence', userId: 'cy', online: true },
    ]);
  });

  it('tells of a watched partner who turns out to be online when the watch starts', () => {
    const roster = new Roster();
    const events: RosterEvent[] = [];
    roster.onChange((e) => events.push(e));
    roster.setWatched(['cy', 'dee'], ['cy']);
    expect(events).toEqual([
      { kind: 'presence', userId: 'cy', online: true },
      { kind: 'presence', userId: 'dee', online: false },
    ]);
  });
});
