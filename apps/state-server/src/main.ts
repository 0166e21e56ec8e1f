import { configFromEnv, iceConfigFrom, liveKitConfigFrom } from './config';
import { createStateServer } from './createStateServer';
import { jsonLogger } from './logger';

const config = configFromEnv();
const ice = iceConfigFrom(config);
const livekit = liveKitConfigFrom(config);
const server = await createStateServer({
  mapFile: config.MAP_FILE,
  clientDir: config.CLIENT_DIR,
  ice,
  meshCap: config.MESH_CAP,
  ...(livekit ? { livekit } : {}),
});
const port = await server.listen(config.PORT, config.HOST);
const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
const url = config.PUBLIC_URL ?? `http://${shown}:${port}/`;
jsonLogger.info(
  {
    port,
    map: config.MAP_FILE,
    stun: ice.stunUrls.length,
    turn: ice.turnSecret ? ice.turnUrls.length : 0,
    classrooms: livekit ? `livekit at ${livekit.url}` : `mesh, at most ${config.MESH_CAP} per room`,
  },
  'state server listening',
);
console.log(`\n  Campus is running: open ${url} in two browser windows\n`);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
