import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { Metrics } from '../Metrics';
import type { WorldRoom } from '../WorldRoom';
import { NEARBY_ROOM, type ClassroomSfu } from './ClassroomSfu';
import type { Classrooms } from './Classrooms';
import type { LiveKitSfu } from './LiveKitSfu';

/**
 * LiveKit's webhook (a text body): refused with 401 unless LiveKit signed it; anyone who joins a room's media
 * without being the room's member (or, for the campus-wide room of proximity links, without being on the campus) is
 * removed from it.
 */
export function liveKitWebhook(
  livekit: LiveKitSfu | undefined,
  classrooms: Classrooms,
  sfu: ClassroomSfu | undefined,
  log: Logger,
  metrics: Pick<Metrics, 'liveKitWebhook'>,
  world: Pick<WorldRoom, 'whereIs'>,
): RequestHandler {
  const belongs = (identity: string, roomName: string): boolean =>
    roomName === NEARBY_ROOM
      ? world.whereIs(identity) !== undefined
      : classrooms.isMember(identity, roomName);
  return (req, res) => {
    if (!livekit) {
      res.status(404).json({ error: 'no LiveKit server is configured' });
      return;
    }
    livekit
      .receiveWebhook(String(req.body ?? ''), req.get('Authorization'))
      .then((event) => {
        metrics.liveKitWebhook('verified');
        const identity = event.participant?.identity;
        const roomName = event.room?.name;
        if (event.event === 'participant_joined' && identity && roomName && !belongs(identity, roomName)) {
          log.warn(
            { userId: identity, roomId: roomName },
            'removing a LiveKit participant who is not a member',
          );
          void sfu?.removeParticipant(roomName, identity).catch(() => {});
        }
        res.json({ ok: true });
      })
      .catch(() => {
        metrics.liveKitWebhook('refused');
        res.status(401).json({ error: 'webhook signature is not valid' });
      });
  };
}
