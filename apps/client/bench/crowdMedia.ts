/**
 * `npm run bench:media` (fourth part): a crowd of 20 in the open, through direct calls against through the SFU, and
 * how long a voice is silent when a link changes road. Real Chromium with fake devices for the people measured,
 * LiveKit bots for the rest of an SFU crowd; the one-process server and a real LiveKit on 127.0.0.1. Writes its
 * section of docs/benchmarks.md.
 */
import { LiveKitBot } from '@campus/state-server/testing/livekit-bot';
import { joinedClient, startLiveKit, type LocalLiveKit } from '@campus/state-server/testing';
import { type Person, freePort, launchChromium, startCampus, until } from '../e2e/harness';
import { joinPerson, measure } from './pageTraffic';
import { quantile, publishSection } from './report';
import { startMeshBots, type MeshBots } from './meshBots';
import { startHearing, steadyToneMicrophone, stopHearing } from './voiceGaps';

const CROWD = 20;
const SWITCHES = Number(process.env.SWITCHES ?? 4);
/**
 * How often the pages draw the campus (frames a second): seven pages drawing it in software at full rate would leave
 * the two cores little for their media, which is what is measured (see drawAtMost).
 */
const PAGE_FPS = 10;

/** What one person's media controller says about another: how their voice plays, and who comes through the SFU. */
const mediaView = (
  p: Person,
  userId = '',
): Promise<{ links: string[]; playing: string | undefined; receiving: string[] }> =>
  p.page.evaluate((id) => {
    const m = (
      window as unknown as {
        campusMedia: {
          links(): string[];
          playing(id: string): string | undefined;
          nearby(): { receiving: string[] };
        };
      }
    ).campusMedia;
    return { links: m.links(), playing: m.playing(id), receiving: m.nearby().receiving };
  }, userId);

/** A visitor who is a bot in the SFU room: on the campus, registered for media, publishing a voice. */
async function crowdBot(url: string, name: string, crowd: boolean, listenTo: readonly string[] = []) {
  const joined = await joinedClient(url, name);
  const registered = await joined.socket.timeout(5000).emitWithAck('media:register', undefined);
  if (!registered.ok) throw new Error(`${name}: ${JSON.stringify(registered)}`);
  joined.socket.emit('media:state', { mic: true, cam: false, crowd });
  const access = await joined.socket.timeout(5000).emitWithAck('media:sfu', undefined);
  if (!access.ok) throw new Error(`${name}: ${JSON.stringify(access)}`);
  const bot = new LiveKitBot(name);
  // It talks, and listens only to the one measured (LiveKit pauses what nobody receives; the SFU lets through only
  // those linked with them): a crowd of bots decoding each other would measure this machine's two cores.
  await bot.join(access.livekit.url, access.livekit.token, { listenTo, framesToCount: 50 });
  await bot.publishTone();
  return {
    userId: joined.reply.userId,
    close: async () => {
      await bot.leave();
      joined.socket.disconnect();
    },
  };
}

interface CrowdFigure {
  upKbps: number;
  links: number;
  /** Direct calls carrying media (the mesh only). */
  calls?: number;
  streams: number;
}

/**
 * Through direct calls: the observed person is a browser; the six nearest, whom links stop at, are mesh bots (one
 * plain page holding their PeerJS peers, see meshBots.ts) and the other 13 are on the campus without media.
 */
async function meshCrowd(): Promise<CrowdFigure> {
  const { server, url } = await startCampus({ spawnOrder: [1] });
  const browser = await launchChromium();
  const sockets = [];
  let bots: MeshBots | undefined;
  try {
    const observed = await joinPerson(browser, url, 'Observed', false, PAGE_FPS);
    const observedId = (await observed.view()).userId;
    bots = await startMeshBots(browser, url, 6, observedId);
    for (let i = 7; i < CROWD; i++) sockets.push((await joinedClient(url, `Crowd${i}`)).socket);
    await until(
      () => observed.media(),
      (m) => m.links.length === 6 && m.connected.length === 6,
      60_000,
    ).catch(async (err: unknown) => {
      throw new Error(`${String(err)}; the bots' calls: ${(await bots?.calls())?.join(', ')}`);
    });
    await new Promise((r) => setTimeout(r, 3000));
    const traffic = await measure(observed.page);
    const after = await observed.media();
    if (after.connected.length !== 6 || traffic.upKbps <= 0)
      throw new Error(
        `the direct calls changed while measured: ${after.connected.length} calls, ${Math.round(traffic.upKbps)} kbit/s`,
      );
    return { ...traffic, links: after.links.length, calls: after.connected.length };
  } finally {
    await bots?.close();
    for (const s of sockets) s.disconnect();
    await browser.close();
    await server.close();
  }
}

/** Through the SFU: the observed person is a browser among 19 bots that talk. */
async function sfuCrowd(livekit: LocalLiveKit): Promise<CrowdFigure> {
  const port = await freePort();
  const { server, url } = await startCampus({ port, spawnOrder: [1], livekit: livekit.config });
  const browser = await launchChromium();
  const bots = [];
  try {
    const observed = await joinPerson(browser, url, 'Observed', false, PAGE_FPS);
    const observedId = (await observed.view()).userId;
    for (let i = 1; i < CROWD; i++) bots.push(await crowdBot(url, `Bot${i}`, true, [observedId]));
    await until(
      () => mediaView(observed),
      (v) => v.receiving.length === 6,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const traffic = await measure(observed.page);
    return { ...traffic, links: (await observed.media()).links.length };
  } finally {
    for (const b of bots) await b.close();
    await browser.close();
    await server.close();
  }
}

/**
 * Ada and Bo talk over a direct call; a third person comes and goes next to Bo, who (with two links among a crowd
 * here) moves his links to the SFU and back. Bo's microphone plays a steady tone; Ada's page hears Bo's voice where it
 * leaves her mixer, on the audio thread (voiceGaps.ts), and the longest stretch in which it falls silent is the gap
 * she would hear.
 */
async function switchGaps(livekit: LocalLiveKit): Promise<number[]> {
  const port = await freePort();
  const { server, url } = await startCampus({
    port,
    spawnOrder: [1],
    livekit: livekit.config,
    crowd: { enterLinks: 2, exitLinks: 1 },
  });
  const browser = await launchChromium([steadyToneMicrophone()]);
  const gaps: number[] = [];
  try {
    const ada = await joinPerson(browser, url, 'Ada', false, PAGE_FPS);
    const bo = await joinPerson(browser, url, 'Bo', true, PAGE_FPS);
    const boId = (await bo.view()).userId;
    await until(
      () => mediaView(ada, boId),
      (v) => v.playing === 'mesh',
      30_000,
    );
    await ada.receivesLiveMedia(boId);
    for (let i = 0; i < SWITCHES; i++) {
      await startHearing(ada, boId);
      const third = await crowdBot(url, `Third${i}`, false);
      await until(
        () => mediaView(ada, boId),
        (v) => v.playing === 'sfu',
        20_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      gaps.push(await stopHearing(ada));
      await startHearing(ada, boId);
      await third.close();
      await until(
        () => mediaView(ada, boId),
        (v) => v.playing === 'mesh',
        20_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      gaps.push(await stopHearing(ada));
      console.log(`switch ${i + 1}/${SWITCHES}: gaps ${gaps.slice(-2).map(Math.round).join(' ms, ')} ms`);
    }
    return gaps;
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * `CROWD_PART=mesh|sfu|switch`: measure only that part and print it, leaving docs/benchmarks.md as it is (to look into
 * one figure without the ten minutes of the whole).
 */
async function onePart(part: string): Promise<void> {
  if (part === 'mesh') {
    console.log(`mesh crowd: ${JSON.stringify(await meshCrowd())}`);
    return;
  }
  const livekit = await startLiveKit();
  try {
    if (part === 'sfu') console.log(`sfu crowd: ${JSON.stringify(await sfuCrowd(livekit))}`);
    else {
      const gaps = (await switchGaps(livekit)).sort((a, b) => a - b);
      console.log(
        `switch gaps: median ${Math.round(quantile(gaps, 0.5))} ms, worst ${Math.round(gaps.at(-1) ?? NaN)} ms`,
      );
    }
  } finally {
    await livekit.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.CROWD_PART) return onePart(process.env.CROWD_PART);
  const mesh = await meshCrowd().catch((err: unknown) => {
    console.log(`mesh crowd not measured: ${String(err)}`);
    return undefined;
  });
  console.log(`mesh crowd: ${JSON.stringify(mesh)}`);
  const livekit = await startLiveKit();
  let sfu: CrowdFigure;
  let gaps: number[];
  try {
    sfu = await sfuCrowd(livekit);
    console.log(`sfu crowd: ${JSON.stringify(sfu)}`);
    gaps = await switchGaps(livekit);
  } finally {
    await livekit.stop();
  }
  const ratio = mesh ? sfu.upKbps / mesh.upKbps : NaN;
  const sorted = [...gaps].sort((a, b) => a - b);
  const worst = sorted.at(-1) ?? NaN;
  const section = [
    '<!-- bench:crowd -->',
    '## A crowd of 20 in the open: direct calls against the SFU, and switching between them',
    '',
    'Command: `npm run bench:media` (fourth part, `apps/client/bench/crowdMedia.ts`; real Chromium with fake devices, the',
    'one-process server and a real LiveKit v1.13.5 on 127.0.0.1). Twenty people stand together by the courtyard path;',
    'links stop at the six nearest. One of them, with camera and microphone, is measured over 5 s: upstream from every',
    'RTCPeerConnection of their page (over the time that passed on the page between its two readings), and the inbound',
    'streams that carried media. Through direct calls the six they link with are mesh bots (`apps/client/bench/meshBots.ts`:',
    'visitors registered for media whose PeerJS peers live in one plain page, answering and placing calls as a campus page',
    'does, sending a quiet voice and a 16 px still picture; seven campus pages in one mesh are past what two cores hold)',
    'and the other 13 are on the campus without media; the figure is taken once all six calls carry media. Through the',
    'SFU the 19 others are LiveKit bots that talk, so the measured person is among a crowd. The measured page draws',
    `${PAGE_FPS} frames a second.`,
    `Run ${new Date().toISOString().slice(0, 10)} on this 2-core machine.`,
    '',
    '| | upstream kbit/s | links | calls carrying media | streams received |',
    '| --- | --- | --- | --- | --- |',
    mesh
      ? `| direct calls | ${Math.round(mesh.upKbps)} | ${mesh.links} | ${mesh.calls} | ${mesh.streams} |`
      : '| direct calls | not measured: the calls did not all connect, or changed while counted (see the run log) | | | |',
    `| through the SFU | ${Math.round(sfu.upKbps)} | ${sfu.links} | — | ${sfu.streams} |`,
    '',
    mesh
      ? `SFU upstream per person ×${ratio.toFixed(2)} of the direct calls' (target: at most a third — ${ratio <= 1 / 3 ? 'met' : 'NOT met'}).`
      : "SFU upstream per person against the direct calls' (target: at most a third): not shown, the direct calls were not measured.",
    '',
    `Switching road: ${gaps.length} switches (${SWITCHES} to the SFU and ${SWITCHES} back) as a third person comes and goes`,
    "next to Bo (crowd threshold two links here). Bo's microphone plays a steady tone; Ada's page hears his voice where",
    'it leaves her mixer, on the audio thread, and takes the longest stretch below a tenth of its median level as the gap',
    `she would hear: median ${Math.round(quantile(sorted, 0.5))} ms, worst ${Math.round(worst)} ms (target: no gap over 300 ms — ${worst <= 300 ? 'met' : 'NOT met'}).`,
    `Each switch, to the SFU and back: ${gaps.map(Math.round).join(', ')} ms.`,
    '<!-- /bench:crowd -->',
  ].join('\n');
  publishSection('bench:crowd', section);
}

await main();
// PeerJS's signaling server never stops its timers, and the bots' native LiveKit library keeps running: end here.
process.exit(process.exitCode ?? 0);
