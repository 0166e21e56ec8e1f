/**
 * `npm run bench:media` (second part): what a classroom costs each person, mesh against the SFU. Real Chromium with
 * fake devices for the person measured, browsers for the rest of a mesh room and LiveKit bots (`@livekit/rtc-node`)
 * for the rest of an SFU room; the one-process server and a real LiveKit on 127.0.0.1. Writes its section of
 * docs/benchmarks.md.
 */
import { type StateServer } from '@campus/state-server';
import { startLiveKit, type LocalLiveKit } from '@campus/state-server/testing';
import { freePort, launchChromium, startCampus, until } from '../e2e/harness';
import { MEASURE_MS, joinPerson, measure } from './pageTraffic';
import { publishSection } from './report';
import { startMeshBots, type MeshBots } from './meshBots';
import { ROOM_101, STAGGER_MS, roomBot, walkIn } from './roomPeople';

interface ClassroomRow {
  n: number;
  mesh?: { upKbps: number; streams: number };
  sfu?: { upKbps: number; streams: number };
}

/**
 * One person with camera and microphone in Room 101 with n − 1 others, through the mesh: the others are mesh bots
 * (meshBots.ts) that walk in and take the calls as members' pages do.
 */
async function meshClassroom(n: number): Promise<{ upKbps: number; streams: number }> {
  const { server, url } = await startCampus({ spawnOrder: [1] });
  const browser = await launchChromium();
  let bots: MeshBots | undefined;
  try {
    const observed = await joinPerson(browser, url, 'Observed');
    await walkIn(observed, [...ROOM_101.path, { x: ROOM_101.seats(0).x }], ROOM_101.id);
    const observedId = (await observed.view()).userId;
    bots = await startMeshBots(browser, url, n - 1, observedId, { room: ROOM_101, firstSeat: 1 });
    await until(
      () => observed.media(),
      (m) => m.connected.length === n - 1,
      60_000,
    ).catch(async (err: unknown) => {
      throw new Error(`${String(err)}; the bots' calls: ${(await bots?.calls())?.join(', ')}`);
    });
    await new Promise((r) => setTimeout(r, 3000));
    return await measure(observed.page);
  } finally {
    await bots?.close();
    await browser.close();
    await server.close();
  }
}

/** The same person with n − 1 others through the SFU: the others are bots that talk. */
async function sfuClassroom(
  n: number,
  setup: { url: string; server: StateServer },
  browser: Awaited<ReturnType<typeof launchChromium>>,
): Promise<{ upKbps: number; streams: number }> {
  const observed = await joinPerson(browser, setup.url, 'Observed');
  const bots = [];
  try {
    await walkIn(observed, [...ROOM_101.path, { x: ROOM_101.seats(0).x }], ROOM_101.id);
    const observedId = (await observed.view()).userId;
    // Each bot receives the observed person, as everyone in a room does (LiveKit pauses what nobody receives), and
    // decodes no one else: n − 1 bots decoding each other would measure this machine's two cores.
    const walking = [];
    for (let i = 1; i < n; i++)
      walking.push(roomBot(setup.url, `Bot${i}`, ROOM_101, i, true, [observedId], i * STAGGER_MS));
    bots.push(...(await Promise.all(walking)));
    await until(
      () => observed.media(),
      (m) => m.connected.length === n - 1,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    return await measure(observed.page);
  } finally {
    for (const b of bots) await b.close();
    await observed.close();
    await until(
      async () => setup.server.classrooms.membersOf(ROOM_101.id).length,
      (count) => count === 0,
      15_000,
    );
  }
}

/** How the mesh's upstream grew from the smallest room measured to the largest. */
function meshGrowth(rows: readonly ClassroomRow[]): string {
  const measured = rows.filter((r) => r.mesh);
  const first = measured[0];
  const last = measured.at(-1);
  if (!first?.mesh || !last?.mesh || first === last) return 'Mesh upstream: not measured at two sizes.';
  return `Mesh upstream from ${first.n} to ${last.n} people: ×${(last.mesh.upKbps / first.mesh.upKbps).toFixed(2)}, growing with every listener.`;
}

async function main(): Promise<void> {
  const sizes = [3, 4, 6, 8, 12];
  const rows: ClassroomRow[] = sizes.map((n) => ({ n }));
  for (const row of rows) {
    // Beyond MESH_CAP (8) the mesh does not go at all.
    if (row.n > 8) continue;
    row.mesh = await meshClassroom(row.n).catch((err: unknown) => {
      console.log(`mesh n=${row.n} not measured: ${String(err)}`);
      return undefined;
    });
    console.log(`mesh n=${row.n}: ${JSON.stringify(row.mesh)}`);
  }
  const port = await freePort();
  const livekit: LocalLiveKit = await startLiveKit(`http://127.0.0.1:${port}/livekit/webhook`);
  const campus = await startCampus({ port, spawnOrder: [1], livekit: livekit.config });
  const browser = await launchChromium();
  try {
    for (const row of rows) {
      row.sfu = await sfuClassroom(row.n, campus, browser);
      console.log(`sfu n=${row.n}: ${JSON.stringify(row.sfu)}`);
    }
  } finally {
    await browser.close();
    await campus.server.close();
    await livekit.stop();
  }
  const kbps = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v)}`);
  const sfuUp = rows.map((r) => r.sfu!.upKbps);
  const flat = Math.max(...sfuUp) / Math.min(...sfuUp);
  const section = [
    '<!-- bench:classrooms -->',
    '## Classrooms: mesh against the SFU',
    '',
    'Command: `npm run bench:media` (second part, `apps/client/bench/classroomMedia.ts`; builds the client; real Chromium with fake devices; the one-process server',
    'and a real LiveKit v1.13.5 on 127.0.0.1). One person with camera and microphone sits in Room 101 with n − 1 others;',
    'their upstream and the inbound streams that carried media are read from every RTCPeerConnection of their page',
    `over ${MEASURE_MS / 1000} s (divided by the time that passed on the page between its two readings). Through the mesh`,
    'the others are mesh bots (`apps/client/bench/meshBots.ts`: members whose PeerJS peers share one plain page, taking',
    "and placing calls as a member's page does, with a quiet voice and a 16 px still picture; two cores do not hold",
    'eight campus pages calling each other); through the SFU they are LiveKit bots that talk; each bot receives the',
    'measured person, as everyone in a room does (LiveKit pauses what nobody receives), and decodes no one else. The',
    'mesh stops at its cap of 8.',
    `Run ${new Date().toISOString().slice(0, 10)} on this 2-core machine, mesh and SFU in the same run.`,
    '',
    '| people in the room | mesh upstream kbit/s | mesh streams received | SFU upstream kbit/s | SFU streams received |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${kbps(r.mesh?.upKbps)} | ${r.mesh?.streams ?? (r.n > 8 ? '— (over the mesh cap of 8)' : '— (not measured, see the run log)')} | ${kbps(r.sfu?.upKbps)} | ${r.sfu?.streams} |`,
    ),
    '',
    `SFU upstream from ${sizes[0]} to ${sizes.at(-1)} people: within ×${flat.toFixed(2)} (target: flat within ×1.25 — ${flat <= 1.25 ? 'met' : 'NOT met'}).`,
    meshGrowth(rows),
    'Through the mesh a person sends one copy per listener: the upstream stays inside the client’s bitrate budget only',
    'because each copy’s video gets smaller as the room grows.',
    '<!-- /bench:classrooms -->',
  ].join('\n');
  publishSection('bench:classrooms', section);
}

await main();
// PeerJS's signaling server never stops its timers, and the bots' native LiveKit library keeps running: end here.
process.exit(process.exitCode ?? 0);
