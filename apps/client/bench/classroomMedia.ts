/**
 * `npm run bench:media` (second part): what a classroom costs each person, mesh against the SFU, and a lecture of 40
 * through the SFU. Real Chromium with fake devices for the people measured, LiveKit bots (`@livekit/rtc-node`) for
 * the rest of an SFU room; the one-process server and a real LiveKit on 127.0.0.1. Writes its section of
 * docs/benchmarks.md.
 */
import { type StateServer } from '@campus/state-server';
import { LiveKitBot } from '@campus/state-server/testing/livekit-bot';
import { joinedClient, startLiveKit, type LocalLiveKit } from '@campus/state-server/testing';
import { type Person, freePort, launchChromium, startCampus, until } from '../e2e/harness';
import { MEASURE_MS, joinPerson, measure } from './pageTraffic';
import { quantile, writeSection } from './report';
import { walkSocket } from './walkingSocket';

/** Room 101 (capacity 12): its door is a two-tile gap at x 11–12 in the south wall; the hallway runs along y 16–19. */
const ROOM_101 = {
  id: 'room-101',
  path: [{ y: 17 * 16 + 8 }, { x: 12 * 16 }, { y: 10 * 16 + 8 }] as const,
  // Row 10 is clear from x 5 to 18 (desks stand on rows 8 and 11).
  seats: (i: number) => ({ x: (5 + (i % 14)) * 16 + 8, y: 10 * 16 + 8 }),
};
/** The Lecture Hall (capacity 40): entered from the north through a gap at x 19–20; rows 33–34 are clear, benches stand on 35, 37, 39. */
const HALL = {
  id: 'lecture-hall',
  path: [{ x: 19 * 16 + 8 }, { y: 33 * 16 + 8 }] as const,
  seats: (i: number) => ({ x: (19 + (i % 28)) * 16 + 8, y: (33 + Math.floor(i / 28)) * 16 + 8 }),
};

/**
 * Walks a browser person into a room, and again from where they stopped if they did not get in: on two cores a
 * page busy with several others' media can be a few frames late letting go of a key, and overshoot the door.
 */
async function walkIn(
  p: Person,
  legs: ReadonlyArray<{ x: number } | { y: number }>,
  roomId: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await p.walk(legs);
    try {
      await until(
        () => p.media(),
        (m) => m.classroom === roomId,
        attempt < 3 ? 5000 : 20_000,
      );
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      console.log(`${p.name} missed the door of ${roomId} (attempt ${attempt}); walking in again`);
    }
  }
}

/**
 * Bots walking in together start this far apart, as a class comes through a door: dozens of strokes started in the
 * same instant, in the process that also runs the server, would reach it late and look implausibly fast.
 */
const STAGGER_MS = 100;

/** Fails loudly instead of hanging a benchmark run. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A member of a room who is a bot: joins the world, walks in to its seat, enters, joins the SFU with its token. It
 * subscribes only to `listenTo` (what is measured from it), talks when `tone`.
 */
async function roomBot(
  serverUrl: string,
  name: string,
  room: typeof ROOM_101 | typeof HALL,
  seat: number,
  tone: boolean,
  listenTo: readonly string[],
  after = 0,
): Promise<{ bot: LiveKitBot; userId: string; enteredAt: number; close(): Promise<void> }> {
  await new Promise((r) => setTimeout(r, after));
  const joined = await joinedClient(serverUrl, name);
  const at = room.seats(seat);
  // From where the server placed them: near the spawn, but beside the others once it is crowded.
  await walkSocket(joined.socket, joined.reply.self.position.position, [
    ...room.path,
    { x: at.x },
    { y: at.y },
  ]);
  const roomId = room.id;
  const enteredAt = Date.now();
  const reply = await joined.socket.timeout(5000).emitWithAck('room:enter', { roomId });
  if (!reply.ok || !reply.livekit) throw new Error(`${name} not let in: ${JSON.stringify(reply)}`);
  const bot = new LiveKitBot(name);
  await within(
    15_000,
    `${name} joining LiveKit`,
    bot.join(reply.livekit.url, reply.livekit.token, { listenTo }),
  );
  if (tone) await within(15_000, `${name} publishing`, bot.publishTone());
  return {
    bot,
    userId: joined.reply.userId,
    enteredAt,
    close: async () => {
      await bot.leave();
      joined.socket.disconnect();
    },
  };
}

interface ClassroomRow {
  n: number;
  mesh?: { upKbps: number; streams: number };
  sfu?: { upKbps: number; streams: number };
}

/** One person with camera and microphone in Room 101 with n − 1 others, through the mesh: every other is a browser. */
async function meshClassroom(n: number): Promise<{ upKbps: number; streams: number }> {
  const { server, url } = await startCampus({ spawnOrder: [1] });
  const browser = await launchChromium();
  try {
    const people: Person[] = [];
    for (let i = 0; i < n; i++) people.push(await joinPerson(browser, url, `P${i}`, i > 0));
    // The others keep their microphones and turn their cameras off: two cores cannot encode n × (n − 1) videos.
    for (const p of people.slice(1))
      await p.page.evaluate(() => document.getElementById('cam-toggle')?.click());
    // One after the other, as four pages walking at once on two cores miss the door.
    for (const [i, p] of people.entries())
      await walkIn(p, [...ROOM_101.path, { x: ROOM_101.seats(i).x }], ROOM_101.id);
    const observed = people[0]!;
    await until(
      () => observed.media(),
      (m) => m.connected.length === n - 1,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    return await measure(observed.page);
  } finally {
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

interface Lecture {
  students: number;
  heard: number;
  firstAudioMs: number[];
}

/** A teacher (a browser) talks in the Lecture Hall; 2 students are browsers, the rest bots, who all must hear her. */
async function lecture(
  size: number,
  setup: { url: string; server: StateServer },
  browser: Awaited<ReturnType<typeof launchChromium>>,
): Promise<Lecture> {
  const teacher = await joinPerson(browser, setup.url, 'Teacher');
  const teacherId = (await teacher.view()).userId;
  const students: Person[] = [];
  const bots = [];
  try {
    await walkIn(teacher, [...HALL.path], HALL.id);
    for (let i = 0; i < 2; i++) students.push(await joinPerson(browser, setup.url, `Student${i}`, true));
    for (const [i, s] of students.entries())
      await walkIn(s, [...HALL.path, { x: HALL.seats(i + 1).x }], HALL.id);
    // The rest walk in together, as a class does.
    const walking = [];
    for (let i = students.length + 1; i < size; i++)
      walking.push(roomBot(setup.url, `Bot${i}`, HALL, i, false, [teacherId], i * STAGGER_MS));
    bots.push(...(await Promise.all(walking)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && bots.some((b) => b.bot.framesFrom(teacherId) === 0)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    let heard = bots.filter((b) => b.bot.framesFrom(teacherId) > 0).length;
    for (const s of students) {
      const ok = await s
        .receivesLiveMedia(teacherId)
        .then(() => true)
        .catch(() => false);
      if (ok) heard++;
    }
    const firstAudioMs = bots
      .map((b) => (b.bot.firstAudioFrom(teacherId) ?? NaN) - b.enteredAt)
      .filter((ms) => Number.isFinite(ms));
    return { students: size - 1, heard, firstAudioMs };
  } finally {
    for (const b of bots) await b.close();
    for (const s of students) await s.close();
    await teacher.close();
  }
}

/** The most people a mesh room is measured with: each is a browser. */
const MESH_BROWSERS = 4;

async function main(): Promise<void> {
  const sizes = [3, 4, 6, 8, 12];
  const rows: ClassroomRow[] = sizes.map((n) => ({ n }));
  for (const row of rows) {
    // The mesh needs a browser per person: two cores hold four Phaser pages with cameras, not six (their avatars
    // stop walking in step). Beyond MESH_CAP (8) the mesh does not go at all.
    if (row.n > MESH_BROWSERS) continue;
    row.mesh = await meshClassroom(row.n);
    console.log(`mesh n=${row.n}: ${JSON.stringify(row.mesh)}`);
  }
  const port = await freePort();
  const livekit: LocalLiveKit = await startLiveKit(`http://127.0.0.1:${port}/livekit/webhook`);
  const campus = await startCampus({ port, spawnOrder: [1], livekit: livekit.config });
  const browser = await launchChromium();
  let hall: Lecture;
  try {
    for (const row of rows) {
      row.sfu = await sfuClassroom(row.n, campus, browser);
      console.log(`sfu n=${row.n}: ${JSON.stringify(row.sfu)}`);
    }
    hall = await lecture(40, campus, browser);
    console.log(`lecture: ${JSON.stringify(hall)}`);
  } finally {
    await browser.close();
    await campus.server.close();
    await livekit.stop();
  }
  const kbps = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v)}`);
  const sfuUp = rows.map((r) => r.sfu!.upKbps);
  const flat = Math.max(...sfuUp) / Math.min(...sfuUp);
  const sorted = [...hall.firstAudioMs].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const section = [
    '<!-- bench:classrooms -->',
    '## Classrooms: mesh against the SFU, and a lecture of 40',
    '',
    'Command: `npm run bench:media` (second part, `apps/client/bench/classroomMedia.ts`; builds the client; real Chromium with fake devices; the one-process server',
    'and a real LiveKit v1.13.5 on 127.0.0.1). One person with camera and microphone sits in Room 101 with n − 1 others;',
    'their upstream and the inbound streams that carried media are read from every RTCPeerConnection of their page',
    `over ${MEASURE_MS / 1000} s. Through the mesh the others are browsers with their cameras off (two cores cannot`,
    `encode n × (n − 1) videos), so the mesh is measured up to ${MESH_BROWSERS} people; through the SFU they are LiveKit`,
    'bots that talk. The mesh stops at its cap of 8.',
    `Run ${new Date().toISOString().slice(0, 10)} on this 2-core machine, mesh and SFU in the same run.`,
    '',
    '| people in the room | mesh upstream kbit/s | mesh streams received | SFU upstream kbit/s | SFU streams received |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${kbps(r.mesh?.upKbps)} | ${r.mesh?.streams ?? (r.n > 8 ? '— (over the mesh cap of 8)' : '— (not measured: a browser each)')} | ${kbps(r.sfu?.upKbps)} | ${r.sfu?.streams} |`,
    ),
    '',
    `SFU upstream from ${sizes[0]} to ${sizes.at(-1)} people: within ×${flat.toFixed(2)} (target: flat within ×1.25 — ${flat <= 1.25 ? 'met' : 'NOT met'}).`,
    'Through the mesh a person sends one copy per listener: the upstream stays inside the client’s bitrate budget only',
    'because each copy’s video gets smaller as the room grows.',
    '',
    `Lecture of 40 through the SFU: a teacher (browser) talks; ${hall.students} students (2 browsers, the rest bots)`,
    `walk or join in. ${hall.heard} of ${hall.students} hear the teacher. From \`room:enter\` to the first decoded`,
    `audio from the teacher (bots, ${sorted.length} of them): median ${Math.round(median)} ms, p90 ${Math.round(quantile(sorted, 0.9))} ms`,
    `(target: everyone hears, median under 1 s — ${hall.heard === hall.students && median < 1000 ? 'met' : 'NOT met'}).`,
    '<!-- /bench:classrooms -->',
  ].join('\n');
  writeSection('bench:classrooms', section);
  console.log(`\n${section}\n`);
}

await main();
// PeerJS's signaling server never stops its timers, and the bots' native LiveKit library keeps running: end here.
process.exit(process.exitCode ?? 0);
