import { DEFAULT_PROXIMITY } from '@campus/world';
import { nextActiveSpeaker, SPEAKING_LEVEL, type ActiveSpeaker } from './activeSpeaker';
import type { BubbleView } from './MediaBubbles';

export interface BubbleState {
  /** Ourselves, once the camera and microphone are ours. */
  self:
    | { id: string; name: string; stream: MediaStream; micOn: boolean; camOn: boolean; level: number }
    | undefined;
  /** Whom we talk with now: the linked people, or the classroom's other members. */
  shown: readonly string[];
  person(userId: string): { name: string; mic: boolean; cam: boolean } | undefined;
  streamOf(userId: string): MediaStream | undefined;
  loudness(userId: string): number;
  /** In a classroom the grid highlights the active speaker. */
  classroom: boolean;
  speaker: ActiveSpeaker;
  now: number;
  dnd: boolean;
  /** The classroom's own line (its SFU is away), if any. */
  roomNote: string | undefined;
  /** How many more people are near than can link at once. */
  overflow: number;
}

/** What the bubbles show: one per person talked with and ourselves, who is speaking, and the line under them. */
export function bubbleViews(state: BubbleState): {
  views: BubbleView[];
  note: string | undefined;
  speaker: ActiveSpeaker;
} {
  const views: BubbleView[] = [];
  // How loud each voice is now: one reading each, for the speaking mark and the grid's highlighted speaker.
  const levels = new Map<string, number>();
  const me = state.self;
  if (me) {
    levels.set(me.id, me.micOn ? me.level : 0);
    views.push({
      id: me.id,
      name: me.name,
      stream: me.stream,
      muted: !me.micOn,
      cameraOff: !me.camOn,
      speaking: (levels.get(me.id) ?? 0) > SPEAKING_LEVEL,
      self: true,
    });
  }
  for (const userId of state.shown) {
    const person = state.person(userId);
    levels.set(userId, state.loudness(userId));
    views.push({
      id: userId,
      name: person?.name ?? 'Someone',
      stream: state.streamOf(userId),
      muted: !(person?.mic ?? false),
      cameraOff: !(person?.cam ?? false),
      speaking: (levels.get(userId) ?? 0) > SPEAKING_LEVEL,
    });
  }
  let speaker = state.speaker;
  if (state.classroom) {
    // The grid highlights who is talking to the room, ourselves included.
    speaker = nextActiveSpeaker(levels, speaker, state.now);
    for (const v of views) v.active = v.id === speaker.id;
  }
  const { overflow } = state;
  const note = state.dnd
    ? 'Do not disturb is on'
    : state.classroom && state.roomNote
      ? state.roomNote
      : overflow > 0
        ? `${overflow} more ${overflow === 1 ? 'person is' : 'people are'} nearby: only the ${DEFAULT_PROXIMITY.maxLinks} nearest can talk with you at once`
        : undefined;
  return { views, note, speaker };
}
