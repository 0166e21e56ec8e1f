import {
  AccessToken,
  RoomServiceClient,
  TrackSource,
  WebhookReceiver,
  type WebhookEvent,
} from 'livekit-server-sdk';
import type { LiveKitAccess } from '@campus/protocol';
import { NEARBY_ROOM, type ClassroomSfu, type NearbySfu } from './ClassroomSfu';

export interface LiveKitConfig {
  /** Where browsers connect, e.g. `wss://campus.example.org/livekit`. */
  url: string;
  /** The server API's address, if it differs from `url` (e.g. inside a compose network). */
  apiUrl?: string;
  apiKey: string;
  apiSecret: string;
  /** Token lifetime, seconds: long enough to connect, short enough that a copied token soon goes stale. */
  tokenTtlSeconds?: number;
}

/** LiveKit through its server SDK: tokens minted here, participants removed through the room service API. */
export class LiveKitSfu implements ClassroomSfu, NearbySfu {
  private readonly rooms: RoomServiceClient;
  private readonly webhooks: WebhookReceiver;

  constructor(private readonly config: LiveKitConfig) {
    const api = (config.apiUrl ?? config.url).replace(/^ws/, 'http');
    this.rooms = new RoomServiceClient(api, config.apiKey, config.apiSecret);
    this.webhooks = new WebhookReceiver(config.apiKey, config.apiSecret);
  }

  async access(
    roomId: string,
    userId: string,
    name: string,
    options: { canSpeak?: boolean } = {},
  ): Promise<LiveKitAccess> {
    const token = new AccessToken(this.config.apiKey, this.config.apiSecret, {
      identity: userId,
      name,
      ttl: this.config.tokenTtlSeconds ?? 600,
    });
    token.addGrant({
      room: roomId,
      roomJoin: true,
      canSubscribe: true,
      canPublish: true,
      canPublishData: false,
      canPublishSources: classroomSources(options.canSpeak ?? true),
    });
    return { url: this.config.url, token: await token.toJwt() };
  }

  async setCanSpeak(roomId: string, userId: string, canSpeak: boolean): Promise<void> {
    await this.rooms.updateParticipant(roomId, userId, {
      permission: {
        canSubscribe: true,
        canPublish: true,
        canPublishData: false,
        canPublishSources: classroomSources(canSpeak),
      },
    });
  }

  /**
   * A token for the campus-wide room of proximity links: camera and microphone only, no data. Being in it gives
   * nobody anything: each publisher lets only those it is linked with subscribe (docs/media.md).
   */
  async nearbyAccess(userId: string, name: string): Promise<LiveKitAccess> {
    const token = new AccessToken(this.config.apiKey, this.config.apiSecret, {
      identity: userId,
      name,
      ttl: this.config.tokenTtlSeconds ?? 600,
    });
    token.addGrant({
      room: NEARBY_ROOM,
      roomJoin: true,
      canSubscribe: true,
      canPublish: true,
      canPublishData: false,
      canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    });
    return { url: this.config.url, token: await token.toJwt() };
  }

  async removeParticipant(roomId: string, userId: string): Promise<void> {
    await this.rooms.removeParticipant(roomId, userId);
  }

  /** Checks a webhook's signature (the Authorization header is a JWT over the body's hash) and parses it. */
  receiveWebhook(body: string, authorization: string | undefined): Promise<WebhookEvent> {
    return this.webhooks.receive(body, authorization);
  }
}

/** What a classroom member may publish: camera and screen always, the microphone unless a teacher muted them. */
function classroomSources(canSpeak: boolean): TrackSource[] {
  return [
    TrackSource.CAMERA,
    ...(canSpeak ? [TrackSource.MICROPHONE] : []),
    TrackSource.SCREEN_SHARE,
    TrackSource.SCREEN_SHARE_AUDIO,
  ];
}
