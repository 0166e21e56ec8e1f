import { describe, expect, it } from 'vitest';
import { SPEAKER_HOLD_MS, nextActiveSpeaker, type ActiveSpeaker } from './activeSpeaker';

const nobody: ActiveSpeaker = { id: undefined, since: 0 };
const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('nextActiveSpeaker', () => {
  it('highlights the loudest person speaking', () => {
    expect(nextActiveSpeaker(levels({ ada: 0.3, bo: 0.5, cy: 0.01 }), nobody, 100)).toEqual({
      id: 'bo',
      since: 100,
    });
  });

  it('highlights nobody while everyone is quiet', () => {
    expect(nextActiveSpeaker(levels({ ada: 0.02, bo: 0.05 }), nobody, 100).id).toBeUndefined();
  });

  it('keeps the last speaker highlighted through a pause', () => {
    const ada = { id: 'ada', since: 0 };
    expect(nextActiveSpeaker(levels({ ada: 0, bo: 0 }), ada, 5000)).toBe(ada);
  });

  it('does not flicker: a louder voice takes over only after the hold, and only when clearly louder', () => {
    const ada = { id: 'ada', since: 1000 };
    const both = levels({ ada: 0.3, bo: 0.6 });
    expect(nextActiveSpeaker(both, ada, 1000 + SPEAKER_HOLD_MS - 1)).toBe(ada);
    expect(nextActiveSpeaker(both, ada, 1000 + SPEAKER_HOLD_MS).id).toBe('bo');
    expect(nextActiveSpeaker(levels({ ada: 0.5, bo: 0.6 }), ada, 10_000)).toBe(ada);
  });

  it('moves at once to whoever speaks when the highlighted speaker has gone quiet', () => {
    const ada = { id: 'ada', since: 1000 };
    expect(nextActiveSpeaker(levels({ ada: 0.01, bo: 0.2 }), ada, 1001)).toEqual({ id: 'bo', since: 1001 });
  });

  it('drops the highlight of someone who has left', () => {
    expect(nextActiveSpeaker(levels({ bo: 0 }), { id: 'ada', since: 0 }, 50)).toEqual({
      id: undefined,
      since: 50,
    });
  });
});
