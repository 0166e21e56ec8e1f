import { configFromEnv, iceConfigFrom, liveKitConfigFrom, nodeIdFrom } from './config';
import { createStateServer } from './createStateServer';
import { createJsonLogger } from './logger';

const config = configFromEnv();
const nodeId = nodeIdFrom(config);
const log = createJsonLogger({ level: config.LOG_LEVEL, base: { node: nodeId } });
const ice = iceConfigFrom(config);
const livekit = liveKitConfigFrom(config);
const server = await createStateServer({
  mapFile: config.MAP_FILE,
  clientDir: config.CLIENT_DIR,
  ice,
  meshCap: config.MESH_CAP,
  maxPeople: config.MAX_PEOPLE,
  logger: log,
  nodeId,
  processMetrics: true,
  ...(livekit ? { livekit } : {}),
  ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
});
const port = await server.listen(config.PORT, config.HOST);
const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
const url = config.PUBLIC_URL ?? `http://${shown}:${port}/`;
log.info(
  {
    port,
    map: config.MAP_FILE,
    stun: ice.stunUrls.length,
    turn: ice.turnSecret ? ice.turnUrls.length : 0,
    classrooms: livekit ? `livekit at ${livekit.url}` : `mesh, at most ${config.MESH_CAP} per room`,
    world: config.REDIS_URL ? 'shared through redis with the other nodes' : 'in this process',
  },
  'state server listening',
);
console.log(`\n  Campus is running: open ${url} in two browser windows\n`);

// The first signal drains (clients move to another node); a second one, from someone impatient, exits at once.
let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) process.exit(1);
  stopping = true;
  log.info({ signal }, 'shutting down');
  server.drain().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err: String(err) }, 'drain failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
