import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger';
import { RedisClusterLink, type RedisClient } from './RedisClusterLink';
import { RedisLessonBoard } from './RedisLessonBoard';
import { RedisPeerStore } from './RedisPeerStore';
import { RedisRoleStore } from './RedisRoleStore';
import { RedisRoomRecords } from './RedisRoomRecords';
import { isScreenState } from '../screens/screenRules';
import type { ScreenState } from '@campus/protocol';

export interface RedisConnections {
  /** The shared world state, its change feed, heartbeats and classroom seats. */
  link: RedisClusterLink;
  /** Socket.IO's Redis streams adapter: `io.to(room).emit()` reaches sockets on every node. */
  adapter: ReturnType<typeof createAdapter>;
  /** The PeerJS ids and tokens every node issued, for whichever node runs the signaling. */
  peers: RedisPeerStore;
  /** Who teaches, and the secret teacher links are signed with, the same on every node. */
  roles: RedisRoleStore;
  /** Every room's lesson, and the changes to it and the announcements every node hears. */
  lessons: RedisLessonBoard;
  /** Every room's screen (the film on it and where it is), and the changes to it every node hears. */
  screens: RedisRoomRecords<ScreenState>;
  /** True while Redis answers (the `/readyz` check). */
  isReady(): boolean;
  close(): Promise<void>;
}

/** Logs a connection's trouble once per outage, and its return; node-redis reconnects by itself. */
function watch(client: RedisClient, role: string, log: Logger): RedisClient {
  let down = false;
  client.on('error', (err: unknown) => {
    if (!down) log.warn({ err: String(err), redis: role }, 'lost redis; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info({ redis: role }, 'redis is back');
    down = false;
  });
  return client;
}

/**
 * Connects to Redis at `url` for a cluster node, waiting until it answers. World changes fail fast while Redis is
 * away (the node keeps serving its own clients and re-announces them when it is back); messages to users on other
 * nodes wait in the adapter's client and go through when it is back.
 */
export async function connectRedis(
  url: string,
  roomIds: readonly string[],
  log: Logger,
): Promise<RedisConnections> {
  const commands = watch(createClient({ url, disableOfflineQueue: true }), 'commands', log);
  const reader = watch(commands.duplicate(), 'feed', log);
  const sockets = watch(createClient({ url }), 'socket.io', log);
  await Promise.all([commands.connect(), reader.connect(), sockets.connect()]);
  const link = new RedisClusterLink(commands, reader, roomIds, log);
  const lessons = await RedisLessonBoard.connect(commands, log);
  const screens = await RedisRoomRecords.connect(
    commands,
    { prefix: 'campus:screen:', channel: 'campus:screens', what: 'screens', is: isScreenState },
    log,
  );
  return {
    link,
    adapter: createAdapter(sockets, { streamName: 'campus:socket.io' }),
    peers: new RedisPeerStore(commands),
    roles: new RedisRoleStore(commands),
    lessons,
    screens,
    isReady: () => commands.isReady && sockets.isReady,
    close: async () => {
      // Before the link, which closes the command client the board's writes go through.
      await lessons.close();
      await screens.close();
      await link.close();
      await sockets.close().catch(() => sockets.destroy());
    },
  };
}
