import { z } from 'zod';
import type { ProtocolErrorBody } from './events';
import { RoomId } from './ids';

/** The longest film a room's screen plays, in seconds (a day): positions and durations beyond are refused by shape. */
export const SCREEN_MAX_SECONDS = 24 * 60 * 60;
/** The slowest and fastest playback rates anyone may set. */
export const SCREEN_RATE_MIN = 0.25;
export const SCREEN_RATE_MAX = 2;

const roomId = RoomId;
const seconds = z.number().finite().min(0).max(SCREEN_MAX_SECONDS);
/** The version of the screen the sender saw: a command made from an older one is refused (SCREEN_STALE). */
const basedOn = z.number().int().min(0);

/**
 * What a room's screen can show: a file of the server's media library (`MEDIA_DIR`, by its name in the listing), or
 * an http(s) link to a video file. The server refuses any other link (SCREEN_SOURCE_REFUSED).
 */
export const ScreenSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('library'), name: z.string().min(1).max(255) }),
  z.strictObject({ kind: z.literal('link'), url: z.string().min(1).max(2000) }),
]);
export type ScreenSource = z.infer<typeof ScreenSource>;

/**
 * `screen:command`: what whoever may control a room's screen does to it (docs/watching.md). The server stamps each
 * with its own clock, applies it to the room's shared playback and sends the result to everyone in the room, the
 * sender included; clients act on that, never on their own click, so everybody moves together.
 */
export const ScreenCommand = z.discriminatedUnion('action', [
  /** Puts a film on the screen, paused at its start. `duration`: as the sender's browser read it, when it could. */
  z.strictObject({
    action: z.literal('load'),
    roomId,
    source: ScreenSource,
    duration: seconds.positive().optional(),
  }),
  /** Plays from where the shared position is now. */
  z.strictObject({ action: z.literal('play'), roomId, basedOn }),
  /** Pauses at the shared position the server computes on receipt, the same frame for everyone. */
  z.strictObject({ action: z.literal('pause'), roomId, basedOn }),
  /** Jumps to `position` (seconds), playing or paused as it was; past the end, to the end, paused. */
  z.strictObject({ action: z.literal('seek'), roomId, basedOn, position: seconds }),
  z.strictObject({
    action: z.literal('rate'),
    roomId,
    basedOn,
    rate: z.number().finite().min(SCREEN_RATE_MIN).max(SCREEN_RATE_MAX),
  }),
  /** Takes the film off the screen. */
  z.strictObject({ action: z.literal('clear'), roomId }),
]);
export type ScreenCommand = z.infer<typeof ScreenCommand>;
export type ScreenAction = ScreenCommand['action'];

/** A source as everyone in the room gets it: with the URL to play it from. */
export type ScreenShowing =
  | { kind: 'library'; name: string; url: string; title: string }
  | { kind: 'link'; url: string; title: string };

/**
 * A room's screen as its members see it: what plays, and where it is. While `playing`, the shared position at server
 * time T (ms) is `position + (T − at) / 1000 × rate`, up to `duration`; paused, it is `position`.
 */
export interface ScreenState {
  roomId: string;
  /** Goes up by one with every change; commands carry the version they were made from. */
  version: number;
  /** Null: nothing on the screen. */
  source: ScreenShowing | null;
  /** Seconds, when known. */
  duration?: number;
  playing: boolean;
  /** Media seconds at `at`. */
  position: number;
  /** Server clock, ms. */
  at: number;
  rate: number;
  /** Who did the last thing to the screen, and what. */
  by?: { userId: string; name: string; action: ScreenAction };
}

export type ScreenReply = { ok: true; screen: ScreenState } | { ok: false; error: ProtocolErrorBody };

/** The shared position (media seconds) of `state` at server time `serverNow` (ms). */
export function screenPositionAt(state: ScreenState, serverNow: number): number {
  if (!state.playing) return state.position;
  const position = state.position + (Math.max(0, serverNow - state.at) / 1000) * state.rate;
  return state.duration === undefined ? position : Math.min(position, state.duration);
}
