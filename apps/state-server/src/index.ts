export { createStateServer } from './createStateServer';
export type { StateServer, StateServerOptions } from './createStateServer';
export { configFromEnv, DEFAULT_CLIENT_DIR, DEFAULT_MAP_FILE } from './config';
export { WorldRoom } from './WorldRoom';
export type { WorldRoomOptions } from './WorldRoom';
export { ConnectionRouter } from './ConnectionRouter';
export { RoomError } from './RoomError';
export type { Clock, ClientPort } from './ports';
export { createJsonLogger, jsonLogger, silentLogger, withFields } from './logger';
export type { Logger } from './logger';
export { PromMetrics } from './Metrics';
export type { Metrics, MetricsSources } from './Metrics';
export { Readiness } from './Readiness';
export type { ReadinessCheck, ReadinessReport } from './Readiness';
export type { IceConfig } from './TurnCredentials';
export { iceServersFor, mintTurnCredential } from './TurnCredentials';
export {
  collectOutput,
  freePort,
  spawnStateServerProcess,
  stopProcess,
  waitForPort,
} from './testing/processes';
export type { StateServerProcess, StateServerProcessOptions } from './testing/processes';
export { liveKitSkipReason, startLiveKit } from './testing/liveKit';
export { LiveKitBot } from './testing/LiveKitBot';
export { joinedClient } from './testing/testServer';
export { LocalLiveKit } from './classrooms/LocalLiveKit';
