import type { CrowdPolicy, LessonView, Point } from '@campus/protocol';
import { distance } from '@campus/world';
import { gainForDistance, panForOffset, videoBitratePerLink } from './mediaPolicy';
import { nextCrowded, planProximity, type LinkTransport } from './proximityPlan';
import type { Arrival } from './RoadArrivals';

/**
 * How the local user's media is arranged now: proximity links on the open campus, or a classroom that is one
 * conversation, carried by direct calls among its members (a mesh room, or a LiveKit room whose SFU is away) or by the
 * room's SFU.
 */
export type MediaMode =
  | { kind: 'proximity' }
  | { kind: 'classroom-mesh'; members: readonly string[]; meshCap: number }
  | { kind: 'classroom-sfu'; members: readonly string[] };

/** What a classroom's lesson says about who may be heard. */
export type HearingLesson = Pick<LessonView, 'active' | 'micsLocked' | 'floor' | 'teacher'>;

export interface MediaState {
  selfId: string;
  mode: MediaMode;
  /** Where everyone stands now. */
  positions: { self: Point; others: ReadonlyMap<string, Point> };
  /** Who we are linked with and who stands close enough for a silent, prepared call (ProximityLinks' answers). */
  linked: ReadonlySet<string>;
  prepared: ReadonlySet<string>;
  /** When proximity links move to the campus-wide SFU; undefined without one. */
  crowdPolicy: CrowdPolicy | undefined;
  /** Whether we counted ourselves among a crowd until now. */
  wasCrowded: boolean;
  /** Whether each other person says they are among a crowd. */
  crowded: (userId: string) => boolean;
  /** Whether each person has a media endpoint registered (a peer id we can call). */
  reachable: (userId: string) => boolean;
  /** How far each person's voice has come over a direct call and through the campus-wide SFU (RoadArrivals). */
  arrival: (userId: string, road: LinkTransport) => Arrival;
  /** The lesson of the classroom we are in, if one runs there. */
  lesson?: HearingLesson | undefined;
  /** In a classroom, the members this screen shows outside it (RoomLeavers): their media stops now. */
  gone?: ReadonlySet<string>;
}

export interface MediaPlan {
  /** Direct calls to keep or place; every other call is hung up. Undefined: leave the calls as they are. */
  calls: ReadonlySet<string> | undefined;
  /** Among the calls, those that carry our voice and camera (prepared calls carry nothing). */
  sending: ReadonlySet<string>;
  /** The road each voice plays from. */
  play: ReadonlyMap<string, LinkTransport>;
  /** Streams kept playing silently beside the one heard, ready to take over (a link changing road). */
  standby: ReadonlyMap<string, LinkTransport>;
  /** Whether voices not in `play` are silenced now (on the campus); a classroom's are stopped as their calls end. */
  silenceOthers: boolean;
  /** Each voice's volume (0–1) and side (-1 left … 1 right). */
  gains: ReadonlyMap<string, { gain: number; pan: number }>;
  /**
   * The video bitrate every direct call is held to, given on every update (the mesh touches only a call that does not
   * carry it yet, so a call whose cap did not take gets it on the next), or undefined where there are no direct calls.
   */
  videoBitrate: number | undefined;
  /** The campus-wide SFU: whether to publish there, and whom to exchange tracks with. */
  nearby: { publish: boolean; sfu: ReadonlySet<string> };
  /** How each proximity link travels; undefined in a classroom (the last roads are kept for whoever asks). */
  transport: ReadonlyMap<string, LinkTransport> | undefined;
  /** Whether we count ourselves among a crowd now (told to the others when it changes). */
  crowded: boolean;
  /** In a mesh classroom, the members our screen goes to and whose screens we take. */
  screenMembers: readonly string[] | undefined;
}

const NOBODY: ReadonlySet<string> = new Set();

/**
 * Decides, from where everyone stands and who is linked, whom to call, what to send, how loud each voice is, which
 * road each plays from, and the video bitrate: a pure function, so its rules are table-tested and the controller only
 * applies its answer. On the open campus, links travel by direct call or, among a crowd, through the SFU
 * (planProximity); in a classroom everyone in it is heard at full volume, over direct calls up to the mesh cap or
 * through the room's SFU.
 */
export function planMedia(state: MediaState): MediaPlan {
  const { mode } = state;
  const walkedOut = (id: string): boolean => !!state.gone?.has(id);
  switch (mode.kind) {
    case 'proximity':
      return planProximityMedia(state);
    case 'classroom-mesh': {
      const members = mode.members
        .filter((id) => id !== state.selfId && !walkedOut(id))
        .slice(0, mode.meshCap - 1);
      const reachable = members.filter((id) => state.reachable(id));
      // Nobody relays a direct call: a sender who ignores the teacher's mute is silenced by each listener.
      const hushed = hushedBy(state.lesson);
      const heard = reachable.filter((id) => !hushed(id));
      return {
        ...classroomDefaults(state),
        calls: new Set(members),
        sending: new Set(reachable),
        play: new Map(heard.map((id) => [id, 'mesh' as const])),
        silenceOthers: heard.length < reachable.length,
        gains: fullVolume(heard),
        videoBitrate: videoBitratePerLink(members.length),
        screenMembers: members,
      };
    }
    case 'classroom-sfu': {
      // LiveKit carries the room: no direct calls to manage, every member heard through it.
      const members = mode.members.filter((id) => !walkedOut(id));
      return {
        ...classroomDefaults(state),
        play: new Map(members.map((id) => [id, 'sfu' as const])),
        // One who walked out is silenced here at once, before the SFU stops sending them.
        silenceOthers: members.length < mode.members.length,
        gains: fullVolume(members),
      };
    }
    default: {
      const unexpected: never = mode;
      throw new Error(`unexpected media mode ${JSON.stringify(unexpected)}`);
    }
  }
}

function planProximityMedia(state: MediaState): MediaPlan {
  const policy = state.crowdPolicy;
  const crowded = !!policy && nextCrowded(state.wasCrowded, state.linked.size, policy);
  const plan = planProximity({
    linked: state.linked,
    prepared: state.prepared,
    crowdPolicy: policy,
    selfCrowded: crowded,
    crowded: state.crowded,
    arrival: state.arrival,
  });
  const directLinks = [...state.linked].filter((id) => plan.transport.get(id) === 'mesh').length;
  const { self, others } = state.positions;
  const gains = new Map<string, { gain: number; pan: number }>();
  for (const userId of plan.play.keys()) {
    const position = others.get(userId);
    if (position)
      gains.set(userId, {
        gain: gainForDistance(distance(self, position)),
        pan: panForOffset(position.x - self.x),
      });
  }
  return {
    calls: plan.calls,
    // Our voice and camera go only to those we are linked with; prepared calls stay silent.
    sending: new Set([...plan.calls].filter((id) => state.linked.has(id))),
    play: plan.play,
    standby: plan.standby,
    silenceOthers: true,
    gains,
    videoBitrate: videoBitratePerLink(directLinks),
    nearby: { publish: plan.publish, sfu: plan.sfu },
    transport: plan.transport,
    crowded,
    screenMembers: undefined,
  };
}

/** What every classroom plan shares: nothing through the campus-wide SFU, no proximity roads, the crowd flag kept. */
function classroomDefaults(state: MediaState): MediaPlan {
  return {
    calls: undefined,
    sending: NOBODY,
    play: new Map(),
    standby: new Map(),
    silenceOthers: false,
    gains: new Map(),
    videoBitrate: undefined,
    nearby: { publish: false, sfu: NOBODY },
    transport: undefined,
    crowded: state.wasCrowded,
    screenMembers: undefined,
  };
}

/**
 * Who may not be heard in the lesson: while the teacher keeps microphones off, everyone but the teacher and whoever
 * holds the floor.
 */
function hushedBy(lesson: HearingLesson | undefined): (userId: string) => boolean {
  if (!lesson?.active || !lesson.micsLocked) return () => false;
  return (userId) => userId !== lesson.teacher?.userId && userId !== lesson.floor;
}

function fullVolume(ids: readonly string[]): Map<string, { gain: number; pan: number }> {
  return new Map(ids.map((id) => [id, { gain: 1, pan: 0 }]));
}

/**
 * The mode for where we are: the campus, or a classroom carried by its SFU while that is live (or on its first
 * connection) and by direct calls otherwise (a mesh room, or a LiveKit room whose SFU was lost or never answered).
 */
export function mediaModeFor(
  classroom: { members: readonly string[]; meshCap: number } | undefined,
  onSfu: boolean,
): MediaMode {
  if (!classroom) return { kind: 'proximity' };
  return onSfu
    ? { kind: 'classroom-sfu', members: classroom.members }
    : { kind: 'classroom-mesh', members: classroom.members, meshCap: classroom.meshCap };
}
