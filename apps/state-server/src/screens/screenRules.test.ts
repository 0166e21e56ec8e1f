import { describe, expect, it } from 'vitest';
import { MessageError, screenPositionAt, type ScreenCommand, type ScreenState } from '@campus/protocol';
import { RoomError } from '../RoomError';
import { applyScreen, blankScreen, isScreenState, pauseForEmptyRoom } from './screenRules';

const actor = { userId: 'ada', name: 'Ada' };
const film = { kind: 'library' as const, name: 'film.webm', url: '/media/film.webm', title: 'film.webm' };
const roomId = 'room-101';

function loaded(duration = 60, now = 1000): ScreenState {
  return applyScreen(
    blankScreen(roomId, 0),
    { action: 'load', roomId, source: { kind: 'library', name: 'film.webm' }, duration },
    { now, actor, showing: film },
  );
}

function act(state: ScreenState, command: ScreenCommand, now: number): ScreenState {
  return applyScreen(state, command, { now, actor });
}

function refusal(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof RoomError) return err.code;
    throw err;
  }
  return undefined;
}

describe('screen rules', () => {
  it('loads a film paused at its start, and plays it from the server clock', () => {
    const state = loaded();
    expect(state).toMatchObject({ version: 1, playing: false, position: 0, duration: 60, source: film });
    expect(state.by).toEqual({ ...actor, action: 'load' });
    const playing = act(state, { action: 'play', roomId, basedOn: 1 }, 2000);
    expect(playing).toMatchObject({ version: 2, playing: true, position: 0, at: 2000 });
    // 12.5 s of server time later the shared position is 12.5 s into the film, for everyone alike.
    expect(screenPositionAt(playing, 14_500)).toBeCloseTo(12.5, 6);
  });

  it('pauses at the position the server computes on receipt, not one a client claims', () => {
    const playing = act(loaded(), { action: 'play', roomId, basedOn: 1 }, 2000);
    const paused = act(playing, { action: 'pause', roomId, basedOn: 2 }, 9250);
    expect(paused).toMatchObject({ playing: false, position: 7.25, at: 9250 });
    expect(screenPositionAt(paused, 60_000)).toBe(7.25);
  });

  it('seeks while playing or paused, and past the end goes to the end and pauses', () => {
    const playing = act(loaded(), { action: 'play', roomId, basedOn: 1 }, 2000);
    const sought = act(playing, { action: 'seek', roomId, basedOn: 2, position: 30 }, 3000);
    expect(sought).toMatchObject({ playing: true, position: 30, at: 3000 });
    const past = act(sought, { action: 'seek', roomId, basedOn: 3, position: 600 }, 4000);
    expect(past).toMatchObject({ playing: false, position: 60 });
    // Play at the end starts the film again, as a player does.
    expect(act(past, { action: 'play', roomId, basedOn: 4 }, 5000)).toMatchObject({
      playing: true,
      position: 0,
    });
  });

  it('keeps the position where it is when the rate changes, and runs at the new rate from there', () => {
    const playing = act(loaded(), { action: 'play', roomId, basedOn: 1 }, 0);
    const fast = act(playing, { action: 'rate', roomId, basedOn: 2, rate: 2 }, 10_000);
    expect(fast).toMatchObject({ position: 10, rate: 2, at: 10_000 });
    expect(screenPositionAt(fast, 15_000)).toBe(20);
    // Never beyond the end, however long it runs.
    expect(screenPositionAt(fast, 10_000_000)).toBe(60);
  });

  it('refuses a command made from an older (or a made-up) version of the screen', () => {
    const playing = act(loaded(), { action: 'play', roomId, basedOn: 1 }, 2000);
    // Two people pressed at once: the second pressed "pause" on version 1, which no longer is.
    expect(refusal(() => act(playing, { action: 'pause', roomId, basedOn: 1 }, 2100))).toBe(
      MessageError.SCREEN_STALE,
    );
    expect(refusal(() => act(playing, { action: 'seek', roomId, basedOn: 9, position: 1 }, 2100))).toBe(
      MessageError.SCREEN_STALE,
    );
  });

  it('refuses playing, pausing or seeking an empty screen', () => {
    const blank = blankScreen(roomId, 0);
    for (const command of [
      { action: 'play', roomId, basedOn: 0 },
      { action: 'pause', roomId, basedOn: 0 },
      { action: 'seek', roomId, basedOn: 0, position: 3 },
      { action: 'rate', roomId, basedOn: 0, rate: 1.5 },
    ] as const) {
      expect(refusal(() => act(blank, command, 10))).toBe(MessageError.SCREEN_EMPTY);
    }
  });

  it('changes nothing, and so tells nobody, when a command asks for what already is', () => {
    const state = loaded();
    expect(act(state, { action: 'pause', roomId, basedOn: 1 }, 5000)).toBe(state);
    const playing = act(state, { action: 'play', roomId, basedOn: 1 }, 5000);
    expect(act(playing, { action: 'play', roomId, basedOn: 2 }, 6000)).toBe(playing);
    expect(act(blankScreen(roomId, 0), { action: 'clear', roomId }, 1)).toMatchObject({ version: 0 });
  });

  it('takes the film off the screen, duration and all', () => {
    const cleared = act(loaded(), { action: 'clear', roomId }, 5000);
    expect(cleared).toMatchObject({ version: 2, source: null, playing: false, position: 0 });
    expect(cleared.duration).toBeUndefined();
  });

  it('pauses the film of a room everyone left where it was', () => {
    const playing = act(loaded(), { action: 'play', roomId, basedOn: 1 }, 0);
    const left = pauseForEmptyRoom(playing, 20_000);
    expect(left).toMatchObject({ version: 3, playing: false, position: 20 });
    expect(pauseForEmptyRoom(left, 30_000)).toBe(left);
  });

  it('tells a screen from foreign data', () => {
    expect(isScreenState(loaded())).toBe(true);
    expect(isScreenState({ version: 1 })).toBe(false);
    expect(isScreenState(null)).toBe(false);
  });
});
