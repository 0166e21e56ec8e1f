import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MessageError,
  type ClientPayload,
  type FileAcceptReply,
  type FileOfferReply,
  type ProtocolErrorBody,
} from '@campus/protocol';
import { oneRoomMap, onTile } from './testing/oneRoomMap';
import {
  eventually,
  flush,
  joinedClient,
  nextEvent,
  recordEvents,
  startTestServer,
  type TestClient,
} from './testing/testServer';

const mapJson = oneRoomMap(8);
const INSIDE = onTile(14, 3);
const ALSO_INSIDE = onTile(16, 5);
const OUTSIDE = onTile(4, 3);
const MAX_BYTES = 5 * 2 ** 20;

let harness: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestClient[] = [];

beforeEach(async () => {
  harness = await startTestServer(mapJson, { room: { gracePeriod: 100 }, fileMaxBytes: MAX_BYTES });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await harness.close();
});

/** Someone standing at `at`, registered for media (they serve what they share), hearing every file event. */
async function person(name: string, at: ReturnType<typeof onTile>) {
  const joined = await joinedClient(harness.url, name, { resume: at });
  sockets.push(joined.socket);
  const media = await joined.socket.timeout(5000).emitWithAck('media:register', undefined);
  if (!media.ok) throw new Error(`media refused: ${media.error.reason}`);
  const inbox = recordEvents(joined.socket, ['file:offered', 'file:holders', 'file:ended']);
  const errors: ProtocolErrorBody[] = [];
  joined.socket.on('protocol:error', (e) => errors.push(e));
  const heard = (event: string) => inbox.filter((e) => e.event === event).map((e) => e.payload);
  return { socket: joined.socket, userId: joined.reply.userId, peerId: media.peerId, heard, errors };
}

let counter = 0;
function offerOf(to: ClientPayload<'file:offer'>['to'], extra: object = {}): ClientPayload<'file:offer'> {
  return {
    id: `offer-${String(counter++).padStart(4, '0')}`,
    to,
    name: 'slides.pdf',
    size: 300_000,
    type: 'application/pdf',
    sha256: '0123456789abcdef'.repeat(4),
    chunkListHash: 'fedcba9876543210'.repeat(4),
    ...extra,
  };
}

const offer = (socket: TestClient, payload: object): Promise<FileOfferReply> =>
  socket.timeout(5000).emitWithAck('file:offer', payload as ClientPayload<'file:offer'>);
const accept = (socket: TestClient, id: string): Promise<FileAcceptReply> =>
  socket.timeout(5000).emitWithAck('file:accept', { id });
const idOf = (reply: FileOfferReply): string => {
  if (!reply.ok) throw new Error(`offer refused: ${reply.error.reason} ${reply.error.message}`);
  return reply.id;
};

describe('file sharing over real Socket.IO', () => {
  it("hands a person's offer to that person only, stamped by the server with the sender's id and name", async () => {
    const ada = await person('Ada', OUTSIDE);
    const bo = await person('Bo', INSIDE);
    const cy = await person('Cy', OUTSIDE);
    const request = offerOf({ kind: 'person', userId: bo.userId });
    expect(await offer(ada.socket, request)).toMatchObject({ ok: true, id: request.id, deliveredTo: 1 });
    await flush(bo.socket);
    await flush(cy.socket);
    expect(bo.heard('file:offered')).toEqual([
      expect.objectContaining({
        id: request.id,
        from: ada.userId,
        fromName: 'Ada',
        name: 'slides.pdf',
        size: 300_000,
        sha256: request.sha256,
      }),
    ]);
    expect(cy.heard('file:offered')).toEqual([]);
    expect(ada.heard('file:offered')).toEqual([]);

    // Nobody can say who an offer is from: the strict schema refuses the field.
    const forged = offerOf({ kind: 'person', userId: bo.userId }, { from: cy.userId });
    expect(await offer(ada.socket, forged)).toMatchObject({
      ok: false,
      error: { code: MessageError.INVALID_PAYLOAD },
    });
  });

  it("refuses a file over the server's limit, naming the limit", async () => {
    const ada = await person('Ada', OUTSIDE);
    const bo = await person('Bo', OUTSIDE);
    const reply = await offer(
      ada.socket,
      offerOf({ kind: 'person', userId: bo.userId }, { size: MAX_BYTES + 1 }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: MessageError.FILE_TOO_LARGE } });
    expect(!reply.ok && reply.error.message).toContain('5 MB');
    await flush(bo.socket);
    expect(bo.heard('file:offered')).toEqual([]);
  });

  it("hands a room's offer to the members of the sender's classroom and not to someone outside", async () => {
    const teacher = await person('Teacher', INSIDE);
    const student = await person('Student', ALSO_INSIDE);
    const outside = await person('Outside', OUTSIDE);
    expect(await offer(teacher.socket, offerOf({ kind: 'room' }))).toMatchObject({
      ok: true,
      deliveredTo: 1,
      roomId: 'room-1',
    });
    await flush(student.socket);
    await flush(outside.socket);
    expect(student.heard('file:offered')).toMatchObject([{ from: teacher.userId, roomId: 'room-1' }]);
    expect(outside.heard('file:offered')).toEqual([]);
  });

  it('answers an accept with the holders, sender first with their real peer ids, and tells the sender', async () => {
    const teacher = await person('Teacher', INSIDE);
    const student = await person('Student', ALSO_INSIDE);
    const outside = await person('Outside', OUTSIDE);
    const id = idOf(await offer(teacher.socket, offerOf({ kind: 'room' })));
    const taken = await accept(student.socket, id);
    if (!taken.ok) throw new Error(taken.error.reason);
    const holders = [
      { userId: teacher.userId, peerId: teacher.peerId },
      { userId: student.userId, peerId: student.peerId },
    ];
    expect(taken.holders).toEqual(holders);
    expect(taken.offer).toMatchObject({ id, from: teacher.userId, fromName: 'Teacher', roomId: 'room-1' });
    await eventually(() => expect(teacher.heard('file:holders')).toEqual([{ id, holders }]));

    // Someone it was not offered to learns nothing, not even that it exists.
    expect(await accept(outside.socket, id)).toMatchObject({
      ok: false,
      error: { code: MessageError.UNKNOWN_OFFER },
    });
    expect(await accept(outside.socket, 'offer-never-made')).toMatchObject({
      ok: false,
      error: { code: MessageError.UNKNOWN_OFFER },
    });
  });

  it('tells the sender when the recipient declines', async () => {
    const ada = await person('Ada', OUTSIDE);
    const bo = await person('Bo', OUTSIDE);
    const id = idOf(await offer(ada.socket, offerOf({ kind: 'person', userId: bo.userId })));
    const ended = nextEvent(ada.socket, 'file:ended');
    bo.socket.emit('file:decline', { id });
    expect(await ended).toEqual({ id, userId: bo.userId, reason: 'declined' });
    // Declined, it is no longer theirs to take; a tell's refusal comes as a protocol error.
    bo.socket.emit('file:decline', { id });
    await eventually(() =>
      expect(bo.errors).toMatchObject([{ code: MessageError.UNKNOWN_OFFER, event: 'file:decline' }]),
    );
  });

  it('tells every recipient when the sender withdraws the offer', async () => {
    const teacher = await person('Teacher', INSIDE);
    const bo = await person('Bo', INSIDE);
    const cy = await person('Cy', ALSO_INSIDE);
    const id = idOf(await offer(teacher.socket, offerOf({ kind: 'room' })));
    expect(await accept(bo.socket, id)).toMatchObject({ ok: true });
    teacher.socket.emit('file:cancel', { id });
    for (const p of [bo, cy]) {
      await eventually(() =>
        expect(p.heard('file:ended')).toEqual([{ id, userId: teacher.userId, reason: 'withdrawn' }]),
      );
    }
    expect(await accept(cy.socket, id)).toMatchObject({
      ok: false,
      error: { code: MessageError.UNKNOWN_OFFER },
    });
  });

  it('ends the offers of a sender who disconnects for good', async () => {
    const ada = await person('Ada', OUTSIDE);
    const bo = await person('Bo', OUTSIDE);
    const id = idOf(await offer(ada.socket, offerOf({ kind: 'person', userId: bo.userId })));
    const ended = nextEvent(bo.socket, 'file:ended');
    ada.socket.disconnect();
    expect(await ended).toEqual({ id, userId: ada.userId, reason: 'sender-left' });
    expect(await accept(bo.socket, id)).toMatchObject({
      ok: false,
      error: { code: MessageError.UNKNOWN_OFFER },
    });
  });
});
