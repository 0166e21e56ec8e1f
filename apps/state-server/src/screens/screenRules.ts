import {
  MessageError,
  screenPositionAt,
  type ScreenCommand,
  type ScreenShowing,
  type ScreenState,
} from '@campus/protocol';
import { RoomError } from '../RoomError';

/** Within this many seconds of the end, "play" starts the film again from the top, as a player does. */
export const END_SLACK_SECONDS = 0.05;

/** What a command is applied with: the server's clock, who sends it, and the film a `load` resolved to. */
export interface ScreenContext {
  now: number;
  actor: { userId: string; name: string };
  /** For `load`: the source as checked against the library or the link rules (Screens.resolve). */
  showing?: ScreenShowing;
}

/** A room's screen before anyone put anything on it. */
export function blankScreen(roomId: string, now: number): ScreenState {
  return { roomId, version: 0, source: null, playing: false, position: 0, at: now, rate: 1 };
}

/**
 * The room's screen after `command`, stamped with the server's clock; `current` when it changes nothing (a play of
 * what plays already). Refuses, with a coded RoomError, a command made from an older version than the screen's
 * (SCREEN_STALE), and playing, pausing, seeking or changing the rate of an empty screen (SCREEN_EMPTY). A seek past
 * the end goes to the end and pauses there.
 */
export function applyScreen(
  current: ScreenState,
  command: ScreenCommand,
  context: ScreenContext,
): ScreenState {
  const { now } = context;
  const next = (change: Partial<ScreenState>): ScreenState => ({
    ...current,
    ...change,
    version: current.version + 1,
    at: now,
    by: { ...context.actor, action: command.action },
  });
  switch (command.action) {
    case 'load': {
      if (!context.showing) throw new Error('a load needs its source resolved first');
      const { duration: _previous, ...rest } = next({
        source: context.showing,
        playing: false,
        position: 0,
        rate: 1,
      });
      return command.duration === undefined ? rest : { ...rest, duration: command.duration };
    }
    case 'clear': {
      if (!current.source) return current;
      const { duration: _gone, ...rest } = next({ source: null, playing: false, position: 0, rate: 1 });
      return rest;
    }
    case 'play':
    case 'pause':
    case 'seek':
    case 'rate':
      break;
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled screen command ${JSON.stringify(unreachable)}`);
    }
  }
  if (!current.source) throw new RoomError(MessageError.SCREEN_EMPTY, 'put a film on the screen first');
  if (command.basedOn !== current.version) {
    throw new RoomError(
      MessageError.SCREEN_STALE,
      `the screen changed meanwhile (version ${current.version}, not ${command.basedOn})`,
    );
  }
  const position = screenPositionAt(current, now);
  const end = current.duration;
  switch (command.action) {
    case 'play': {
      if (current.playing) return current;
      const atEnd = end !== undefined && position >= end - END_SLACK_SECONDS;
      return next({ playing: true, position: atEnd ? 0 : position });
    }
    case 'pause':
      return current.playing ? next({ playing: false, position }) : current;
    case 'seek': {
      const past = end !== undefined && command.position >= end;
      return next({ position: past ? end : command.position, playing: current.playing && !past });
    }
    case 'rate':
      return command.rate === current.rate ? current : next({ position, rate: command.rate });
  }
}

/** The screen of a room everyone left: paused where it was, so the next people in find it there. */
export function pauseForEmptyRoom(current: ScreenState, now: number): ScreenState {
  if (!current.playing) return current;
  const { by: _by, ...rest } = current;
  return {
    ...rest,
    version: current.version + 1,
    playing: false,
    position: screenPositionAt(current, now),
    at: now,
  };
}

/** Enough of a check that foreign or stale data (from Redis) cannot reach the rules as a screen. */
export function isScreenState(value: unknown): value is ScreenState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.roomId === 'string' &&
    typeof v.version === 'number' &&
    typeof v.playing === 'boolean' &&
    typeof v.position === 'number' &&
    typeof v.at === 'number' &&
    typeof v.rate === 'number' &&
    (v.source === null || typeof v.source === 'object')
  );
}
