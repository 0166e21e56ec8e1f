import { describe, expect, it } from 'vitest';
import { KNOCK_TTL_MS, begin, emptyLesson, knock, registerCsv, viewOf } from './lessonRules';

describe('lesson rules', () => {
  it('writes the register as CSV a spreadsheet opens safely', () => {
    const csv = registerCsv(
      [
        { userId: 'a', name: 'Ada, "the first"', from: 0, to: 90_000 },
        { userId: 'b', name: '=HYPERLINK("x")', from: 60_000 },
      ],
      120_000,
    );
    expect(csv.split('\r\n')).toEqual([
      'name,user id,from,to,minutes',
      '"Ada, ""the first""",a,1970-01-01T00:00:00.000Z,1970-01-01T00:01:30.000Z,1.5',
      // Still in the room: no end time, minutes so far; a formula is defused, not run.
      `"'=HYPERLINK(""x"")",b,1970-01-01T00:01:00.000Z,,1.0`,
      '',
    ]);
  });

  it('keeps knocks in arrival order, keeps a knocker their place, and forgets a knock nobody answered', () => {
    let record = begin(emptyLesson(), { now: 0, actor: { userId: 't', name: 'T' }, members: new Map() });
    record = knock(record, 'b', 'Bo', 1000);
    record = knock(record, 'a', 'Ada', 2000);
    record = knock(record, 'b', 'Bo', 3000);
    expect(viewOf('room-1', record, 3000).knocking.map((k) => k.userId)).toEqual(['b', 'a']);
    expect(viewOf('room-1', record, 1000 + KNOCK_TTL_MS).knocking.map((k) => k.userId)).toEqual(['a']);
  });

  it('counts every change in the version, so a write over a stale copy is caught', () => {
    const started = begin(emptyLesson(), { now: 0, actor: { userId: 't', name: 'T' }, members: new Map() });
    expect(started.version).toBe(1);
    expect(knock(started, 'a', 'Ada', 10).version).toBe(2);
  });
});
