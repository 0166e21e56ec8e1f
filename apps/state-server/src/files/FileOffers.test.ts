import { describe, expect, it } from 'vitest';
import { MessageError, type FileOffer } from '@campus/protocol';
import { gridMap } from '@campus/world/testing';
import { RateLimiter, type BucketSpec } from '../RateLimiter';
import { RoomError } from '../RoomError';
import { ManualClock, RecordingPort } from '../testing/fakes';
import { WorldRoom } from '../WorldRoom';
import { FILE_OFFER_RATE, FileOffers, OFFER_LIFETIME_MS, OFFERS_PER_SENDER } from './FileOffers';

// A 12 × 6 map; the classroom is px 96–176 × 16–80, its door in the west wall at rows 2–3.
const map = gridMap(
  ['############', '#....#.....#', '#..........#', '#..........#', '#....#.....#', '############'],
  {
    areas: [
      {
        id: 'room-1',
        name: 'Room 1',
        kind: 'classroom',
        capacity: 10,
        rect: { x: 96, y: 16, width: 80, height: 64 },
      },
    ],
    spawns: [{ x: 40, y: 44 }],
  },
);
const INSIDE = { x: 130, y: 44 };
const ALSO_INSIDE = { x: 150, y: 60 };
const OUTSIDE = { x: 40, y: 44 };
const MB = 2 ** 20;
const GRACE = 10_000;

function setup({ maxBytes = 100 * MB, rate = { burst: 1000, perSecond: 1000 } as BucketSpec } = {}) {
  const clock = new ManualClock();
  const world = new WorldRoom(map, clock, { pickSpawn: () => 0, gracePeriod: GRACE });
  /** The PeerJS id each user holds now, as the PeerRegistry would say. */
  const peerIds = new Map<string, string>();
  const files = new FileOffers(
    world,
    { peerIdOf: (userId) => peerIds.get(userId) },
    clock,
    new RateLimiter(rate, clock),
    { maxBytes },
  );
  const ports = new Map<string, RecordingPort>();
  const place = (userId: string, at: { x: number; y: number }, { media = true } = {}) => {
    const port = new RecordingPort();
    ports.set(userId, port);
    world.join(userId, `s-${userId}`, port, {
      name: `Name of ${userId}`,
      appearance: { look: 'sky' },
      resume: { position: at, direction: 'down' },
    });
    if (media) peerIds.set(userId, `peer-${userId}`);
    return port;
  };
  const heard = (userId: string) => ports.get(userId)!;
  return { clock, world, files, peerIds, place, heard };
}

let counter = 0;
function offerOf(to: FileOffer['to'], extra: Partial<FileOffer> = {}): FileOffer {
  return {
    id: `offer-${String(counter++).padStart(4, '0')}`,
    to,
    name: 'notes.pdf',
    size: 2048,
    type: 'application/pdf',
    sha256: 'a'.repeat(64),
    chunkListHash: 'b'.repeat(64),
    ...extra,
  };
}
const toPerson = (userId: string) => ({ kind: 'person' as const, userId });
const toRoom = { kind: 'room' as const };

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof RoomError) return err.code;
    throw err;
  }
  return undefined;
}

describe('FileOffers', () => {
  it("hands a person's offer to that person only, stamped with the sender's identity and the server's clock", () => {
    const { files, place, heard, clock } = setup();
    place('ada', OUTSIDE);
    place('bo', INSIDE);
    place('cy', OUTSIDE);
    const request = offerOf(toPerson('bo'));
    expect(files.offer('ada', request)).toEqual({
      ok: true,
      id: request.id,
      at: clock.now(),
      deliveredTo: 1,
    });
    expect(heard('bo').of('file:offered')).toEqual([
      {
        id: request.id,
        from: 'ada',
        fromName: 'Name of ada',
        name: 'notes.pdf',
        size: 2048,
        type: 'application/pdf',
        sha256: request.sha256,
        chunkListHash: request.chunkListHash,
        at: clock.now(),
      },
    ]);
    expect(heard('cy').of('file:offered')).toEqual([]);
    expect(heard('ada').of('file:offered')).toEqual([]);
  });

  it('refuses an offer from someone not joined or not registered for media, too large, to oneself or to someone offline', () => {
    const { files, place, world } = setup({ maxBytes: 10 * MB });
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    place('mute', OUTSIDE, { media: false });
    expect(codeOf(() => files.offer('ghost', offerOf(toPerson('bo'))))).toBe(MessageError.NOT_JOINED);
    expect(codeOf(() => files.offer('mute', offerOf(toPerson('bo'))))).toBe(
      MessageError.MEDIA_NOT_REGISTERED,
    );
    expect(() => files.offer('ada', offerOf(toPerson('bo'), { size: 10 * MB + 1 }))).toThrow(/at most 10 MB/);
    expect(codeOf(() => files.offer('ada', offerOf(toPerson('bo'), { size: 10 * MB + 1 })))).toBe(
      MessageError.FILE_TOO_LARGE,
    );
    expect(files.offer('ada', offerOf(toPerson('bo'), { size: 10 * MB })).ok).toBe(true);
    expect(codeOf(() => files.offer('ada', offerOf(toPerson('ada'))))).toBe(MessageError.INVALID_PAYLOAD);
    world.disconnect('bo', 's-bo'); // within the grace period: present, but not connected
    expect(codeOf(() => files.offer('ada', offerOf(toPerson('bo'))))).toBe(MessageError.RECIPIENT_OFFLINE);
    expect(codeOf(() => files.offer('ada', offerOf(toPerson('nobody'))))).toBe(
      MessageError.RECIPIENT_OFFLINE,
    );
    expect(files.size).toBe(1);
  });

  it('refuses an id that a live offer already has, from anyone, and takes it again once that offer ended', () => {
    const { files, place } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    const first = offerOf(toPerson('bo'));
    files.offer('ada', first);
    expect(codeOf(() => files.offer('ada', first))).toBe(MessageError.OFFER_EXISTS);
    expect(codeOf(() => files.offer('bo', { ...first, to: toPerson('ada') }))).toBe(
      MessageError.OFFER_EXISTS,
    );
    files.cancel('ada', first.id);
    expect(files.offer('ada', first).ok).toBe(true);
  });

  it("hands a room's offer to everyone in the sender's classroom and nobody outside; refuses it outside one", () => {
    const { files, place, heard } = setup();
    place('teacher', INSIDE);
    place('student', ALSO_INSIDE);
    place('passer', OUTSIDE);
    const request = offerOf(toRoom);
    expect(files.offer('teacher', request)).toMatchObject({ ok: true, deliveredTo: 1, roomId: 'room-1' });
    expect(heard('student').of('file:offered')).toMatchObject([{ id: request.id, roomId: 'room-1' }]);
    expect(heard('passer').of('file:offered')).toEqual([]);
    expect(codeOf(() => files.offer('passer', offerOf(toRoom)))).toBe(MessageError.NOT_IN_ROOM);
  });

  it('lists the holders sender first, then accepters in the order they accepted, with their peer ids of now', () => {
    const { files, place, heard, peerIds } = setup();
    const id = roomOfThree(files, place);
    expect(files.accept('cy', id).holders).toEqual([
      { userId: 'teacher', peerId: 'peer-teacher' },
      { userId: 'cy', peerId: 'peer-cy' },
    ]);
    expect(heard('teacher').of('file:holders')).toEqual([
      {
        id,
        holders: [
          { userId: 'teacher', peerId: 'peer-teacher' },
          { userId: 'cy', peerId: 'peer-cy' },
        ],
      },
    ]);
    // The teacher reloaded and registered again; Cy's registration is gone for now (left out, kept in line).
    peerIds.set('teacher', 'peer-teacher-2');
    peerIds.delete('cy');
    const taken = files.accept('bo', id);
    expect(taken.offer).toMatchObject({ id, from: 'teacher', roomId: 'room-1' });
    expect(taken.holders.map((h) => h.peerId)).toEqual(['peer-teacher-2', 'peer-bo']);
    peerIds.set('cy', 'peer-cy-2');
    expect(heard('bo').of('file:holders')).toEqual([]); // the accepter has the list in its answer
    expect(files.accept('bo', id).holders.map((h) => h.userId)).toEqual(['teacher', 'cy', 'bo']);
    expect(
      heard('cy')
        .of('file:holders')
        .at(-1)
        ?.holders.map((h) => h.peerId),
    ).toEqual(['peer-teacher-2', 'peer-cy-2', 'peer-bo']);
  });

  it('takes a second accept as a refresh, not a second holder', () => {
    const { files, place } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    const { id } = files.offer('ada', offerOf(toPerson('bo')));
    const first = files.accept('bo', id);
    expect(files.accept('bo', id)).toEqual(first);
    expect(first.holders.map((h) => h.userId)).toEqual(['ada', 'bo']);
  });

  it('refuses an accept with the same code for an unknown offer and one made to someone else; and without media', () => {
    const { files, place, peerIds } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    place('eve', OUTSIDE);
    const { id } = files.offer('ada', offerOf(toPerson('bo')));
    expect(codeOf(() => files.accept('eve', id))).toBe(MessageError.UNKNOWN_OFFER);
    expect(codeOf(() => files.accept('eve', 'no-such-offer'))).toBe(MessageError.UNKNOWN_OFFER);
    expect(codeOf(() => files.accept('ada', id))).toBe(MessageError.UNKNOWN_OFFER); // the sender holds it already
    expect(codeOf(() => files.decline('eve', id))).toBe(MessageError.UNKNOWN_OFFER);
    expect(codeOf(() => files.cancel('eve', id))).toBe(MessageError.UNKNOWN_OFFER);
    peerIds.delete('bo');
    expect(codeOf(() => files.accept('bo', id))).toBe(MessageError.MEDIA_NOT_REGISTERED);
  });

  it('tells the sender of a decline, after which the decliner cannot take the offer', () => {
    const { files, place, heard } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    const { id } = files.offer('ada', offerOf(toPerson('bo')));
    files.decline('bo', id);
    expect(heard('ada').of('file:ended')).toEqual([{ id, userId: 'bo', reason: 'declined' }]);
    expect(codeOf(() => files.accept('bo', id))).toBe(MessageError.UNKNOWN_OFFER);
  });

  it('ends an offer its sender withdraws for every recipient, holder or not', () => {
    const { files, place, heard } = setup();
    const id = roomOfThree(files, place);
    files.accept('bo', id);
    files.cancel('teacher', id);
    for (const userId of ['bo', 'cy']) {
      expect(heard(userId).of('file:ended')).toEqual([{ id, userId: 'teacher', reason: 'withdrawn' }]);
    }
    expect(heard('teacher').of('file:ended')).toEqual([]);
    expect(codeOf(() => files.accept('cy', id))).toBe(MessageError.UNKNOWN_OFFER);
    expect(files.size).toBe(0);
  });

  it('takes a holder who cancels out of the holders: the sender hears why, the others who holds it now', () => {
    const { files, place, heard } = setup();
    const id = roomOfThree(files, place);
    files.accept('bo', id);
    files.accept('cy', id);
    files.cancel('bo', id);
    expect(heard('teacher').of('file:ended')).toEqual([{ id, userId: 'bo', reason: 'cancelled' }]);
    const after = [
      { userId: 'teacher', peerId: 'peer-teacher' },
      { userId: 'cy', peerId: 'peer-cy' },
    ];
    expect(heard('teacher').of('file:holders').at(-1)).toEqual({ id, holders: after });
    expect(heard('cy').of('file:holders').at(-1)).toEqual({ id, holders: after });
    expect(heard('bo').of('file:holders').at(-1)?.holders).not.toEqual(after);
    expect(codeOf(() => files.accept('bo', id))).toBe(MessageError.UNKNOWN_OFFER);
    expect(files.accept('cy', id).holders).toEqual(after);
  });

  it('ends an offer after two hours, for its sender and every recipient', () => {
    const { files, place, heard, clock } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    const { id } = files.offer('ada', offerOf(toPerson('bo')));
    clock.advance(OFFER_LIFETIME_MS - 1);
    expect(files.accept('bo', id).ok).toBe(true);
    clock.advance(1);
    for (const userId of ['ada', 'bo']) {
      expect(heard(userId).of('file:ended')).toEqual([{ id, userId: 'ada', reason: 'expired' }]);
    }
    expect(codeOf(() => files.accept('bo', id))).toBe(MessageError.UNKNOWN_OFFER);
    expect(clock.pending()).toBe(0);
  });

  it(`keeps at most ${OFFERS_PER_SENDER} offers per sender, ending the oldest to make room`, () => {
    const { files, place, heard, clock } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    const ids = Array.from(
      { length: OFFERS_PER_SENDER },
      () => files.offer('ada', offerOf(toPerson('bo'))).id,
    );
    expect(heard('bo').of('file:ended')).toEqual([]);
    files.offer('ada', offerOf(toPerson('bo')));
    expect(heard('bo').of('file:ended')).toEqual([{ id: ids[0], userId: 'ada', reason: 'expired' }]);
    expect(heard('ada').of('file:ended')).toEqual([{ id: ids[0], userId: 'ada', reason: 'expired' }]);
    expect(codeOf(() => files.accept('bo', ids[0]!))).toBe(MessageError.UNKNOWN_OFFER);
    expect(files.accept('bo', ids[1]!).ok).toBe(true);
    expect(files.size).toBe(OFFERS_PER_SENDER);
    expect(clock.pending()).toBe(OFFERS_PER_SENDER); // the ended offer's expiry timer went with it
  });

  it('ends the offers of a sender who left for good, not of one who is reloading', () => {
    const { files, place, heard, clock, world } = setup();
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    const { id } = files.offer('ada', offerOf(toPerson('bo')));
    world.disconnect('ada', 's-ada');
    clock.advance(GRACE - 1);
    expect(heard('bo').of('file:ended')).toEqual([]);
    expect(files.size).toBe(1);
    clock.advance(1);
    expect(heard('bo').of('file:ended')).toEqual([{ id, userId: 'ada', reason: 'sender-left' }]);
    expect(files.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('takes a holder who left for good out of the holders and tells the others', () => {
    const { files, place, heard, world } = setup();
    const id = roomOfThree(files, place);
    files.accept('bo', id);
    files.accept('cy', id);
    world.leave('bo');
    const after = {
      id,
      holders: [
        { userId: 'teacher', peerId: 'peer-teacher' },
        { userId: 'cy', peerId: 'peer-cy' },
      ],
    };
    expect(heard('teacher').of('file:holders').at(-1)).toEqual(after);
    expect(heard('cy').of('file:holders').at(-1)).toEqual(after);
    expect(heard('teacher').of('file:ended')).toEqual([]); // leaving is not turning it down
  });

  it('limits offers per user: five at once, then ten a minute', () => {
    const { files, place, clock } = setup({ rate: FILE_OFFER_RATE });
    place('ada', OUTSIDE);
    place('bo', OUTSIDE);
    for (let i = 0; i < 5; i++) expect(files.offer('ada', offerOf(toPerson('bo'))).ok).toBe(true);
    expect(codeOf(() => files.offer('ada', offerOf(toPerson('bo'))))).toBe(MessageError.RATE_LIMITED);
    clock.advance(6000);
    expect(files.offer('ada', offerOf(toPerson('bo'))).ok).toBe(true);
    expect(codeOf(() => files.offer('ada', offerOf(toPerson('bo'))))).toBe(MessageError.RATE_LIMITED);
    expect(files.offer('bo', offerOf(toPerson('ada'))).ok).toBe(true); // a bucket per user
  });
});

/** The teacher, Bo and Cy in the classroom; the teacher offers it a file. Its id. */
function roomOfThree(
  files: FileOffers,
  place: (userId: string, at: { x: number; y: number }) => unknown,
): string {
  place('teacher', INSIDE);
  place('bo', INSIDE);
  place('cy', ALSO_INSIDE);
  return files.offer('teacher', offerOf(toRoom)).id;
}
