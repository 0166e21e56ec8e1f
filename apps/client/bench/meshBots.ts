/**
 * People who take direct calls without being whole browsers: each is a visitor on the campus (a Socket.IO client
 * here, registered for media) whose PeerJS peer lives in one shared, plain page. They answer every call, place the
 * calls their side of a pair places (`isCaller`, again while it has not connected), send a quiet voice and a still
 * picture 16 px square, and call nobody but the person measured. Seven campus pages linking with each other are past
 * what two cores hold (21 calls, each page drawing the campus); six of these beside the one page measured cost a
 * fraction of that, and what that page sends is the same either way.
 */
import { createRequire } from 'node:module';
import { joinedClient } from '@campus/state-server/testing';
import { isCaller } from '@campus/world';
import type { IceServer } from '@campus/protocol';
import type { Browser } from 'playwright-core';
import { enterAsBot, type ROOM_101 } from './roomPeople';

const require = createRequire(import.meta.url);

export interface MeshBots {
  userIds: string[];
  /** The states of the calls the bots' page holds (placed or answered), for a run that fails to say why. */
  calls(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Starts `count` bots next to the spawn, to take calls from `observedId` (who has registered for media); with `room`,
 * each walks to a seat there (from `firstSeat` on) and enters before its peer comes up.
 */
export async function startMeshBots(
  browser: Browser,
  url: string,
  count: number,
  observedId: string,
  room?: { room: typeof ROOM_101; firstSeat: number },
): Promise<MeshBots> {
  const joined: Array<
    Awaited<ReturnType<typeof joinedClient>> & { peerId: string; token: string; iceServers: IceServer[] }
  > = [];
  for (let i = 0; i < count; i++) {
    const bot = await joinedClient(url, `Peer${i}`);
    const reply = await bot.socket.timeout(5000).emitWithAck('media:register', undefined);
    if (!reply.ok) throw new Error(`Peer${i}: ${JSON.stringify(reply)}`);
    bot.socket.emit('media:state', { mic: true, cam: false });
    if (room) await enterAsBot(bot, `Peer${i}`, room.room, room.firstSeat + i);
    joined.push({ ...bot, peerId: reply.peerId, token: reply.token, iceServers: reply.iceServers });
  }
  const observedPeer = joined[0]?.reply.users.find((u) => u.userId === observedId)?.media?.peerId;
  if (!observedPeer) throw new Error('the observed person has no media endpoint yet');
  const context = await browser.newContext({ viewport: { width: 320, height: 240 } });
  // tsx compiles with esbuild's keepNames, whose `__name` helper then appears in functions sent to the page.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  const page = await context.newPage();
  page.on('pageerror', (err) => console.log(`mesh bots' page: ${String(err)}`));
  // The signaling server's own answer, on the campus's origin: nothing of the campus app runs in this page.
  await page.goto(`${url}/peerjs`);
  await page.addScriptTag({ path: require.resolve('peerjs/dist/peerjs.min.js') });
  const { hostname, port } = new URL(url);
  await page.evaluate(
    async ({ bots, host, port, observedPeer }) => {
      // A quiet voice for the calls the bots place and answer: one oscillator, far below hearing.
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const level = audio.createGain();
      level.gain.value = 0.001;
      const out = audio.createMediaStreamDestination();
      tone.connect(level).connect(out);
      tone.start();
      // And a tiny still picture: a call a bot places must offer video, or the person it calls could answer with
      // their voice only.
      const canvas = Object.assign(document.createElement('canvas'), { width: 16, height: 16 });
      canvas.getContext('2d')?.fillRect(0, 0, 16, 16);
      for (const track of canvas.captureStream(1).getVideoTracks()) out.stream.addTrack(track);
      const calls: Array<{ peerConnection?: RTCPeerConnection }> = [];
      const log: string[] = [];
      (window as unknown as { botLog: string[] }).botLog = log;
      type PeerCtor = new (
        id: string,
        options: object,
      ) => {
        on(event: string, handler: (arg: never) => void): void;
        call(id: string, stream: MediaStream): { peerConnection?: RTCPeerConnection };
      };
      const Peer = (window as unknown as { peerjs: { Peer: PeerCtor } }).peerjs.Peer;
      await Promise.all(
        bots.map(
          (bot) =>
            new Promise<void>((resolve, reject) => {
              const peer = new Peer(bot.peerId, {
                host,
                port: Number(port),
                path: '/peerjs',
                secure: false,
                token: bot.token,
                config: { iceServers: bot.iceServers },
                debug: 0,
              });
              peer.on('call', (call: { answer(s: MediaStream): void; peerConnection: RTCPeerConnection }) => {
                log.push(`${bot.peerId.slice(0, 4)} call`);
                call.answer(out.stream);
                calls.push(call);
              });
              peer.on('error', (err: Error) => {
                log.push(`${bot.peerId.slice(0, 4)} error ${err.message}`);
                reject(err);
              });
              peer.on('disconnected', () => log.push(`${bot.peerId.slice(0, 4)} disconnected`));
              peer.on('open', () => {
                log.push(`${bot.peerId.slice(0, 4)} open${bot.calls ? ' (calls)' : ''}`);
                resolve();
                if (!bot.calls) return;
                // As a campus page does: the call is placed again while it has not connected (the observed person
                // refuses a caller it has not yet seen come near).
                let placed: { call: { peerConnection?: RTCPeerConnection }; at: number } | undefined;
                const place = (): void => {
                  const state = placed?.call.peerConnection?.connectionState;
                  if (state === 'connected') return;
                  // Still connecting on a busy machine: given 12 s before it is placed again.
                  if (placed && state !== 'failed' && state !== 'closed' && Date.now() - placed.at < 12_000)
                    return;
                  placed?.call.peerConnection?.close();
                  try {
                    placed = { call: peer.call(observedPeer, out.stream), at: Date.now() };
                    calls.push(placed.call);
                  } catch (err) {
                    log.push(`${bot.peerId.slice(0, 4)} could not call: ${String(err)}`);
                  }
                };
                place();
                setInterval(place, 2000);
              });
            }),
        ),
      );
      (window as unknown as { botCalls: typeof calls }).botCalls = calls;
    },
    {
      bots: joined.map((b) => ({
        peerId: b.peerId,
        token: b.token,
        iceServers: b.iceServers,
        calls: isCaller(b.reply.userId, observedId),
      })),
      host: hostname,
      port,
      observedPeer,
    },
  );
  return {
    userIds: joined.map((b) => b.reply.userId),
    calls: () =>
      page.evaluate(() =>
        ((window as unknown as { botCalls?: RTCPeerConnection[] }).botCalls ?? [])
          .map((pc) => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`)
          .concat((window as unknown as { botLog: string[] }).botLog),
      ),
    close: async () => {
      await context.close();
      for (const b of joined) b.socket.disconnect();
    },
  };
}
