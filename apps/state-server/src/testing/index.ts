// Helpers for tests and tools that run the state server as a process; not part of the production barrel.
export { COMPILED_SERVER } from '../../scripts/compiledServer';
export { collectOutput, freePort, spawnStateServerProcess, stopProcess, waitForPort } from './processes';
export type { StateServerProcess, StateServerProcessOptions } from './processes';
export { liveKitSkipReason, startLiveKit } from './liveKit';
// LiveKitBot is its own subpath (`@campus/state-server/testing/livekit-bot`): its native library keeps a process alive.
export { joinedClient } from './testServer';
export { InProcessCampus, TestClientSocket } from './TestSocketPair';
export { ManualClock } from './fakes';
export type { LocalLiveKit } from '../classrooms/LocalLiveKit';
export { MemoryRoleStore } from '../teaching/RoleStore';
export { newLinkId, signTeacherLink } from '../teaching/teacherLinks';
export { freshTeacherToken } from './teacherTokens';
export { ffmpegMissing, makeTestClip, TEST_CLIP_FOLDER, TestClipError } from './testClips';
export type { TestClipErrorCode, TestClipOptions } from './testClips';
