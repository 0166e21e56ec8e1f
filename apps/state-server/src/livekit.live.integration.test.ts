import { describe, expect, it } from 'vitest';
import { RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { LiveKitSfu } from './classrooms/LiveKitSfu';

const url = process.env.LIVEKIT_URL;
const apiKey = process.env.LIVEKIT_API_KEY;
const apiSecret = process.env.LIVEKIT_API_SECRET;
const live = Boolean(url && apiKey && apiSecret);
if (!live) {
  console.log(
    'Skipping the live LiveKit tests: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET to run them.',
  );
}

describe.skipIf(!live)('against a real LiveKit server (LIVEKIT_URL)', () => {
  it('the room service accepts our credentials, and tokens verify with the same key', async () => {
    const sfu = new LiveKitSfu({ url: url!, apiKey: apiKey!, apiSecret: apiSecret! });
    const rooms = new RoomServiceClient(url!.replace(/^ws/, 'http'), apiKey!, apiSecret!);
    const room = `campus-test-${Date.now()}`;
    await rooms.createRoom({ name: room, emptyTimeout: 10 });
    expect((await rooms.listRooms([room])).map((r) => r.name)).toEqual([room]);
    const access = await sfu.access(room, 'test-user', 'Test');
    expect((await new TokenVerifier(apiKey!, apiSecret!).verify(access.token)).video?.room).toBe(room);
    // Removing someone who is not there is refused by the server, which shows the call reached it with our rights.
    await expect(sfu.removeParticipant(room, 'nobody')).rejects.toThrow();
    await rooms.deleteRoom(room);
  });
});
