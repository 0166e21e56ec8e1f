import {
  Room,
  RoomEvent,
  Track,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from 'livekit-client';
import type { LiveKitAccess } from '@campus/protocol';
import { applySending, receivedStats, replacePublished, type Publications } from './liveKitTracks';
import type { MediaKind } from './LocalMedia';
import type { LinkStats } from './PeerMesh';

export interface NearbyHooks {
  /** A linked person's camera and microphone through the SFU; undefined when none is left. */
  person(userId: string, stream: MediaStream | undefined): void;
  /** The SFU connection ended without us leaving. */
  disconnected(): void;
}

const carried = (source: Track.Source): boolean =>
  source === Track.Source.Microphone || source === Track.Source.Camera;

/**
 * Proximity links among a crowd, through the campus-wide LiveKit room: we publish our microphone and camera once,
 * let only the people we are linked with subscribe to them (LiveKit's per-track subscription permissions: the SFU
 * refuses anyone else, whatever their client asks for), and subscribe only to theirs. Who those people are follows
 * the proximity links (`follow`), so B hears A and C while A and C, out of each other's range, do not.
 */
export class NearbySfu {
  private readonly room = new Room({ adaptiveStream: false, dynacast: true });
  private readonly tracks = new Map<string, { audio?: RemoteTrack; video?: RemoteTrack }>();
  private following = new Set<string>();
  private permitted = '';
  private readonly published: Publications = {};
  private leaving = false;

  constructor(private readonly hooks: NearbyHooks) {
    this.room
      .on(RoomEvent.TrackSubscribed, (track, _publication, participant) =>
        this.subscribed(participant, track, true),
      )
      .on(RoomEvent.TrackUnsubscribed, (track, _publication, participant) =>
        this.subscribed(participant, track, false),
      )
      .on(RoomEvent.TrackPublished, (publication, participant) => this.choose(participant, publication))
      .on(RoomEvent.ParticipantDisconnected, (participant) => {
        if (this.tracks.delete(participant.identity)) hooks.person(participant.identity, undefined);
      })
      .on(RoomEvent.Disconnected, () => {
        if (!this.leaving) hooks.disconnected();
      });
  }

  /** Connects with a token from the state server; nobody may subscribe to us until `follow` says who. */
  async join(
    access: LiveKitAccess,
    local: MediaStream,
    sending: { mic: boolean; cam: boolean },
  ): Promise<void> {
    await this.room.connect(access.url, access.token, { autoSubscribe: false });
    // Before anything is published: no one is allowed in.
    this.room.localParticipant.setTrackSubscriptionPermissions(false, []);
    this.permitted = '';
    const [audio] = local.getAudioTracks();
    const [video] = local.getVideoTracks();
    const participant = this.room.localParticipant;
    if (audio)
      this.published.mic = await participant.publishTrack(audio, { source: Track.Source.Microphone });
    if (video) {
      this.published.cam = await participant.publishTrack(video, {
        source: Track.Source.Camera,
        simulcast: false,
      });
    }
    await this.setSending(sending);
    this.follow(this.following);
  }

  /** Lets exactly these people receive us, and receives exactly them. */
  follow(userIds: ReadonlySet<string>): void {
    this.following = new Set(userIds);
    if (this.room.state !== 'connected') return;
    const key = [...this.following].sort().join(',');
    if (key !== this.permitted) {
      this.permitted = key;
      this.room.localParticipant.setTrackSubscriptionPermissions(
        false,
        [...this.following].map((participantIdentity) => ({ participantIdentity, allowAll: true })),
      );
    }
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) this.choose(participant, publication);
    }
    // Someone no longer followed is let go of here at once, not when the SFU confirms the unsubscription.
    for (const userId of [...this.tracks.keys()]) {
      if (!this.following.has(userId) && this.tracks.delete(userId)) this.hooks.person(userId, undefined);
    }
  }

  /** Whose microphone arrives through the SFU now. */
  receiving(): Set<string> {
    return new Set([...this.tracks].filter(([, t]) => t.audio).map(([userId]) => userId));
  }

  /** The receiver of each person's microphone that arrives through the SFU. */
  audioReceivers(): Map<string, RTCRtpReceiver | undefined> {
    return new Map([...this.tracks].flatMap(([userId, t]) => (t.audio ? [[userId, t.audio.receiver]] : [])));
  }

  /** How many people's media arrives through the SFU now (audio or video). */
  get streams(): number {
    return [...this.tracks.values()].filter((t) => t.audio || t.video).length;
  }

  async setSending(sending: { mic: boolean; cam: boolean }): Promise<void> {
    await applySending(this.published, sending);
  }

  async replaceTrack(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    await replacePublished(this.published, kind, track);
  }

  /** What we receive from someone through the SFU, as link stats. */
  async stats(userId: string): Promise<LinkStats | undefined> {
    const t = this.tracks.get(userId);
    if (!t) return undefined;
    return receivedStats(t.audio, t.video);
  }

  async leave(): Promise<void> {
    this.leaving = true;
    await this.room.disconnect(true);
  }

  private choose(participant: RemoteParticipant, publication: RemoteTrackPublication): void {
    if (!carried(publication.source)) return;
    const wanted = this.following.has(participant.identity);
    if (publication.isDesired !== wanted) publication.setSubscribed(wanted);
  }

  private subscribed(participant: RemoteParticipant, track: RemoteTrack, added: boolean): void {
    if (!carried(track.source)) return;
    const userId = participant.identity;
    if (added && !this.following.has(userId)) return; // a subscription overtaken by an unlink
    const t = this.tracks.get(userId) ?? {};
    if (track.kind === Track.Kind.Audio) t.audio = added ? track : undefined;
    else t.video = added ? track : undefined;
    const list = [t.audio, t.video].flatMap((x) => (x ? [x.mediaStreamTrack] : []));
    if (list.length === 0) this.tracks.delete(userId);
    else this.tracks.set(userId, t);
    this.hooks.person(userId, list.length > 0 ? new MediaStream(list) : undefined);
  }
}
