import { Room, RoomEvent, Track, type RemoteParticipant, type RemoteTrack } from 'livekit-client';
import type { LiveKitAccess } from '@campus/protocol';
import { browserClock, type ClientClock } from '../clock';
import { applySending, receivedStats, replacePublished, type Publications } from './liveKitTracks';
import type { MediaKind } from './LocalMedia';
import type { LinkStats } from './PeerMesh';

/** How long (ms) connecting and publishing may take in all before the join counts as failed. */
export const JOIN_DEADLINE_MS = 20_000;

export interface LiveKitHooks {
  /** A member's camera and microphone as one stream; undefined when they have none left. */
  person(userId: string, stream: MediaStream | undefined): void;
  /** A member's screen share; undefined when it ends. */
  screen(userId: string, stream: MediaStream | undefined): void;
  /** The SFU connection ended without us leaving (network, server restart, removal). */
  disconnected(): void;
  /** The connection to the SFU is interrupted and LiveKit is trying to resume it. */
  reconnecting(): void;
  /** LiveKit resumed the interrupted connection. */
  reconnected(): void;
}

/** What one remote member sends us through the SFU. */
interface RemoteMember {
  audio?: RemoteTrack;
  video?: RemoteTrack;
  screen?: RemoteTrack;
}

/**
 * A classroom's media through a LiveKit SFU: publishes this person's microphone and camera (muted as their toggles
 * say) and, when they share, their screen; hands each member's tracks to the same mixer, bubbles and stage the mesh
 * uses. Identities are user ids: the state server mints the token, so nobody can claim someone else's.
 */
export class LiveKitClassroom {
  // A track the SFU takes back (a teacher's mute withdraws the microphone) is ours too: it must not be stopped.
  private readonly room = new Room({
    adaptiveStream: true,
    dynacast: true,
    stopLocalTrackOnUnpublish: false,
  });
  private readonly members = new Map<string, RemoteMember>();
  private readonly published: Publications = {};
  private screenTrack: MediaStreamTrack | undefined;
  private leaving = false;
  /** What we publish from, and how muted, for publishing the microphone again when it is allowed again. */
  private local: MediaStream | undefined;
  private sending = { mic: false, cam: false };
  private publishingMic = false;

  constructor(
    private readonly hooks: LiveKitHooks,
    private readonly clock: ClientClock = browserClock,
  ) {
    this.room
      .on(RoomEvent.TrackSubscribed, (track, _publication, participant) =>
        this.subscribed(participant, track, true),
      )
      .on(RoomEvent.TrackUnsubscribed, (track, _publication, participant) =>
        this.subscribed(participant, track, false),
      )
      .on(RoomEvent.ParticipantDisconnected, (participant) => {
        this.members.delete(participant.identity);
        hooks.person(participant.identity, undefined);
        hooks.screen(participant.identity, undefined);
      })
      .on(RoomEvent.Disconnected, () => {
        if (!this.leaving) hooks.disconnected();
      })
      // Losing the signalling connection (the SFU went away) comes first; losing media as well, after it.
      .on(RoomEvent.SignalReconnecting, () => {
        if (!this.leaving) hooks.reconnecting();
      })
      .on(RoomEvent.Reconnecting, () => {
        if (!this.leaving) hooks.reconnecting();
      })
      .on(RoomEvent.Reconnected, () => {
        if (!this.leaving) hooks.reconnected();
      })
      // A lesson's mute: the SFU withdraws our microphone permission and unpublishes the track; given back, we
      // publish it again.
      .on(RoomEvent.LocalTrackUnpublished, (publication) => {
        if (publication === this.published.mic) delete this.published.mic;
      })
      .on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
        if (participant === this.room.localParticipant && !this.leaving) void this.publishMic();
      });
  }

  /**
   * Connects with a token from the state server and publishes our microphone and camera. Fails (to be tried again) if
   * the SFU closes the connection meanwhile or it all takes over JOIN_DEADLINE_MS: LiveKit's own timeouts are per
   * step, and a join that neither finishes nor fails would leave the room waiting on it.
   */
  async join(
    access: LiveKitAccess,
    local: MediaStream,
    sending: { mic: boolean; cam: boolean },
  ): Promise<void> {
    let fail: (err: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {});
    const closed = (): void => fail(new Error('the SFU closed the connection while we joined'));
    this.room.once(RoomEvent.Disconnected, closed);
    const deadline = this.clock.setTimeout(
      () => fail(new Error(`joining the SFU took over ${JOIN_DEADLINE_MS / 1000} s`)),
      JOIN_DEADLINE_MS,
    );
    try {
      await Promise.race([this.connectAndPublish(access, local, sending), failed]);
    } finally {
      deadline();
      this.room.off(RoomEvent.Disconnected, closed);
    }
  }

  private async connectAndPublish(
    access: LiveKitAccess,
    local: MediaStream,
    sending: { mic: boolean; cam: boolean },
  ): Promise<void> {
    await this.room.connect(access.url, access.token, { autoSubscribe: true });
    this.local = local;
    this.sending = sending;
    const [video] = local.getVideoTracks();
    await this.publishMic();
    if (video)
      this.published.cam = await this.room.localParticipant.publishTrack(video, {
        source: Track.Source.Camera,
      });
    await this.setSending(this.sending);
  }

  /** Mutes or unmutes what we publish, as the person's microphone and camera toggles say. */
  async setSending(sending: { mic: boolean; cam: boolean }): Promise<void> {
    this.sending = sending;
    await applySending(this.published, sending);
  }

  /**
   * Publishes our microphone unless it is published: a token minted while a teacher keeps microphones off does not
   * allow it (we then wait for the permission to change).
   */
  private async publishMic(): Promise<void> {
    const [audio] = this.local?.getAudioTracks() ?? [];
    if (!audio || this.published.mic || this.publishingMic) return;
    this.publishingMic = true;
    try {
      this.published.mic = await this.room.localParticipant.publishTrack(audio, {
        source: Track.Source.Microphone,
      });
      await applySending({ mic: this.published.mic }, this.sending);
    } catch {
      // Not allowed now (a muted lesson): published when the permission comes back.
    } finally {
      this.publishingMic = false;
    }
  }

  /** A device change: the publication switches to the new track. */
  async replaceTrack(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    await replacePublished(this.published, kind, track);
  }

  async shareScreen(stream: MediaStream): Promise<void> {
    const [track] = stream.getVideoTracks();
    if (!track || this.screenTrack === track) return;
    await this.stopScreen();
    this.screenTrack = track;
    await this.room.localParticipant.publishTrack(track, { source: Track.Source.ScreenShare });
  }

  async stopScreen(): Promise<void> {
    const track = this.screenTrack;
    this.screenTrack = undefined;
    if (track) await this.room.localParticipant.unpublishTrack(track, false).catch(() => undefined);
  }

  /** What we receive from a member (their camera and microphone, or their screen), as link stats. */
  async stats(userId: string, kind: 'person' | 'screen' = 'person'): Promise<LinkStats | undefined> {
    const member = this.members.get(userId);
    if (!member) return undefined;
    const audioTrack = kind === 'person' ? member.audio : undefined;
    const videoTrack = kind === 'person' ? member.video : member.screen;
    return receivedStats(audioTrack, videoTrack);
  }

  async leave(): Promise<void> {
    this.leaving = true;
    await this.room.disconnect(false);
  }

  private subscribed(participant: RemoteParticipant, track: RemoteTrack, added: boolean): void {
    const userId = participant.identity;
    const member = this.members.get(userId) ?? {};
    this.members.set(userId, member);
    if (track.source === Track.Source.ScreenShare || track.source === Track.Source.ScreenShareAudio) {
      if (track.kind !== Track.Kind.Video) return;
      member.screen = added ? track : undefined;
      this.hooks.screen(userId, added ? new MediaStream([track.mediaStreamTrack]) : undefined);
      return;
    }
    if (track.kind === Track.Kind.Audio) member.audio = added ? track : undefined;
    else member.video = added ? track : undefined;
    const tracks = [member.audio, member.video].flatMap((t) => (t ? [t.mediaStreamTrack] : []));
    // A new stream object each time, so elements and the mixer pick up the change.
    this.hooks.person(userId, tracks.length > 0 ? new MediaStream(tracks) : undefined);
  }
}
