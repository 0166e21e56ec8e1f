import { MapLoadError } from '@campus/world';
import { liveKitForServer } from './classrooms/liveKitForServer';
import { configFromEnv, iceConfigFrom, nodeIdFrom } from './config';
import { createStateServer } from './createStateServer';
import { freePort } from './localPorts';
import { createJsonLogger } from './logger';
import { FileRoleStore } from './teaching/RoleStore';

const config = configFromEnv();
const nodeId = nodeIdFrom(config);
const log = createJsonLogger({ level: config.LOG_LEVEL, base: { node: nodeId } });
const ice = iceConfigFrom(config);
// The port is settled first, so a LiveKit started here knows where to post its webhooks.
const listenPort = config.PORT === 0 ? await freePort() : config.PORT;
const classroomMedia = await liveKitForServer(config, listenPort, log);
const { livekit } = classroomMedia;
const server = await createStateServer({
  mapFile: config.MAP_FILE,
  ...(config.MAP_ROOT ? { mapRoot: config.MAP_ROOT } : {}),
  clientDir: config.CLIENT_DIR,
  ...(config.MEDIA_DIR ? { mediaDir: config.MEDIA_DIR } : {}),
  ice,
  meshCap: config.MESH_CAP,
  maxPeople: config.MAX_PEOPLE,
  fileMaxBytes: config.FILE_MAX_BYTES,
  logger: log,
  nodeId,
  processMetrics: true,
  ...(livekit ? { livekit } : {}),
  ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
  // Who teaches: in DATA_DIR for one node, in Redis (the server's default) for a cluster.
  teaching: {
    ...(config.REDIS_URL ? {} : { store: new FileRoleStore(config.DATA_DIR) }),
    ...(config.TEACHER_SECRET ? { secret: config.TEACHER_SECRET } : {}),
  },
}).catch((err: unknown) => {
  // The map's problems are already logged, one line each: a stack trace would only bury them.
  if (!(err instanceof MapLoadError)) throw err;
  console.error(
    `\n  The map cannot be used (see above). To check it: npm run map:check -- ${config.MAP_FILE}\n`,
  );
  process.exit(1);
});
const port = await server.listen(listenPort, config.HOST);
const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
const url = config.PUBLIC_URL ?? `http://${shown}:${port}/`;
log.info(
  {
    port,
    map: config.MAP_FILE,
    stun: ice.stunUrls.length,
    turn: ice.turnSecret ? ice.turnUrls.length : 0,
    classrooms: classroomMedia.summary,
    media: config.MEDIA_DIR ?? 'none (MEDIA_DIR is unset)',
    world: config.REDIS_URL ? 'shared through redis with the other nodes' : 'in this process',
  },
  'state server listening',
);
console.log(`\n  Campus is running: open ${url} in two browser windows`);
console.log(`  Classrooms: ${classroomMedia.summary}\n`);

// The first signal drains (clients move to another node); a second one, from someone impatient, exits at once.
let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) process.exit(1);
  stopping = true;
  log.info({ signal }, 'shutting down');
  server
    .drain()
    .then(() => classroomMedia.local?.stop())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: String(err) }, 'drain failed');
        process.exit(1);
      },
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
