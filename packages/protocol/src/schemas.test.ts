import { describe, expect, it } from 'vitest';
import { Limits } from './limits';
import { FILE_NAME_MAX, FILE_SIZE_CEILING, FileOffer, FileRequest } from './files';
import { AnnounceRequest, LessonTeach } from './lesson';
import { ScreenCommand } from './screen';
import {
  Appearance,
  ClockRequest,
  Handshake,
  JoinRequest,
  MoveMessage,
  PresenceWatch,
  ProfileUpdate,
  RoleClaim,
  clientMessageSchemas,
  isClientEventName,
} from './schemas';

const validMove = { position: { x: 10, y: 20.5 }, direction: 'left', isMoving: true, startedAt: 1234 };

describe('JoinRequest', () => {
  it('accepts a name and a known look, trimming the name', () => {
    expect(JoinRequest.parse({ name: '  Ada  ', appearance: { look: 'moss' } })).toEqual({
      name: 'Ada',
      appearance: { look: 'moss' },
    });
  });

  it.each([
    ['an empty name', { name: '   ', appearance: { look: 'sky' } }],
    ['an oversize name', { name: 'x'.repeat(Limits.NAME_MAX + 1), appearance: { look: 'sky' } }],
    ['a name with control characters', { name: 'Ada\u0000', appearance: { look: 'sky' } }],
    ['a name with a bidi override', { name: 'Ada\u202eoB', appearance: { look: 'sky' } }],
    ['a non-string name', { name: 42, appearance: { look: 'sky' } }],
    ['an unknown look', { name: 'Ada', appearance: { look: 'dragon' } }],
    ['a claimed user id', { name: 'Ada', appearance: { look: 'sky' }, userId: 'someone-else' }],
    ['nothing', undefined],
  ])('refuses %s', (_label, payload) => {
    expect(JoinRequest.safeParse(payload).success).toBe(false);
  });
});

describe('MoveMessage', () => {
  it('accepts a stroke start with or without a start time', () => {
    expect(MoveMessage.parse(validMove)).toEqual(validMove);
    const { startedAt: _omit, ...withoutTime } = validMove;
    expect(MoveMessage.parse(withoutTime)).toEqual(withoutTime);
  });

  it.each([
    ['NaN x', { ...validMove, position: { x: NaN, y: 1 } }],
    ['infinite y', { ...validMove, position: { x: 1, y: Infinity } }],
    ['a huge coordinate', { ...validMove, position: { x: 1e12, y: 1 } }],
    ['a string coordinate', { ...validMove, position: { x: '5', y: 1 } }],
    ['a diagonal direction', { ...validMove, direction: 'up-left' }],
    ['a missing isMoving', { position: { x: 1, y: 1 }, direction: 'up' }],
    ['a negative start time', { ...validMove, startedAt: -5 }],
    ['a userId field', { ...validMove, userId: 'victim' }],
    ['an array', [validMove]],
  ])('refuses %s', (_label, payload) => {
    expect(MoveMessage.safeParse(payload).success).toBe(false);
  });
});

describe('ProfileUpdate', () => {
  it('accepts any one field', () => {
    expect(ProfileUpdate.parse({ status: 'busy' })).toEqual({ status: 'busy' });
    expect(ProfileUpdate.parse({ name: 'Bo' })).toEqual({ name: 'Bo' });
    expect(ProfileUpdate.parse({ appearance: { look: 'ink' } })).toEqual({ appearance: { look: 'ink' } });
  });

  it('refuses an update that changes nothing, an unknown status and extra fields', () => {
    expect(ProfileUpdate.safeParse({}).success).toBe(false);
    expect(ProfileUpdate.safeParse({ status: 'invisible' }).success).toBe(false);
    expect(ProfileUpdate.safeParse({ status: 'busy', admin: true }).success).toBe(false);
  });
});

describe('Appearance, Handshake and ClockRequest', () => {
  it('checks each', () => {
    expect(Appearance.safeParse({ look: 'plum' }).success).toBe(true);
    expect(Appearance.safeParse({ look: 'plum', hat: 'crown' }).success).toBe(false);
    expect(Handshake.safeParse({ protocolVersion: 1 }).success).toBe(true);
    expect(Handshake.safeParse({ protocolVersion: '1' }).success).toBe(false);
    expect(Handshake.safeParse(undefined).success).toBe(false);
    expect(ClockRequest.safeParse(undefined).success).toBe(true);
    expect(ClockRequest.safeParse(null).success).toBe(true);
    expect(ClockRequest.safeParse({ evil: true }).success).toBe(false);
  });
});

describe('clientMessageSchemas', () => {
  it('takes a list of user ids to watch, up to the limit', () => {
    expect(PresenceWatch.safeParse({ userIds: ['abc_DEF-123'] }).success).toBe(true);
    expect(PresenceWatch.safeParse({ userIds: ['not an id'] }).success).toBe(false);
    expect(PresenceWatch.safeParse({ userIds: Array(Limits.WATCH_MAX + 1).fill('a') }).success).toBe(false);
  });

  it('takes a teacher link as an opaque, bounded token and nothing else', () => {
    expect(RoleClaim.safeParse({ token: 't1.abc.def' }).success).toBe(true);
    expect(RoleClaim.safeParse({ token: '' }).success).toBe(false);
    expect(RoleClaim.safeParse({ token: 'x'.repeat(Limits.TEACHER_TOKEN_MAX + 1) }).success).toBe(false);
    expect(RoleClaim.safeParse({ token: 't1.abc.def', role: 'teacher' }).success).toBe(false);
  });

  it('names exactly the events a client may send', () => {
    expect(Object.keys(clientMessageSchemas).sort()).toEqual([
      'announce',
      'chat:send',
      'clock',
      'file:accept',
      'file:cancel',
      'file:decline',
      'file:offer',
      'join',
      'lesson:hand',
      'lesson:knock',
      'lesson:register',
      'lesson:teach',
      'media:ice',
      'media:register',
      'media:sfu',
      'media:state',
      'move',
      'presence:watch',
      'profile',
      'role:claim',
      'room:enter',
      'room:leave',
      'room:token',
      'screen:command',
    ]);
    expect(isClientEventName('move')).toBe(true);
    expect(isClientEventName('toString')).toBe(false);
    expect(isClientEventName('__proto__')).toBe(false);
  });
});

describe('lesson messages', () => {
  it('accepts each teacher action in its own shape and nothing else', () => {
    expect(LessonTeach.safeParse({ action: 'lock', roomId: 'room-1', locked: true }).success).toBe(true);
    expect(LessonTeach.safeParse({ action: 'stage', roomId: 'room-1', userId: null }).success).toBe(true);
    expect(LessonTeach.safeParse({ action: 'lock', roomId: 'room-1' }).success).toBe(false);
    expect(LessonTeach.safeParse({ action: 'promote', roomId: 'room-1', userId: 'a' }).success).toBe(false);
    expect(LessonTeach.safeParse({ action: 'end', roomId: 'room-1', role: 'teacher' }).success).toBe(false);
    expect(LessonTeach.safeParse({ action: 'remove', roomId: 'Room 1', userId: 'a' }).success).toBe(false);
  });

  it('trims an announcement and refuses an empty or overlong one', () => {
    expect(AnnounceRequest.parse({ text: '  Assembly at noon ' })).toEqual({ text: 'Assembly at noon' });
    expect(AnnounceRequest.safeParse({ text: '   ' }).success).toBe(false);
    expect(AnnounceRequest.safeParse({ text: 'x'.repeat(Limits.ANNOUNCEMENT_MAX + 1) }).success).toBe(false);
  });
});

describe('screen messages', () => {
  it('accepts each screen command in its own shape and nothing else', () => {
    const library = { kind: 'library', name: 'film.webm' };
    expect(ScreenCommand.safeParse({ action: 'load', roomId: 'room-1', source: library }).success).toBe(true);
    expect(
      ScreenCommand.safeParse({ action: 'seek', roomId: 'room-1', basedOn: 3, position: 750 }).success,
    ).toBe(true);
    // A command that changes playback must say which version it was made from.
    expect(ScreenCommand.safeParse({ action: 'play', roomId: 'room-1' }).success).toBe(false);
    expect(
      ScreenCommand.safeParse({ action: 'seek', roomId: 'room-1', basedOn: 3, position: -1 }).success,
    ).toBe(false);
    expect(
      ScreenCommand.safeParse({ action: 'seek', roomId: 'room-1', basedOn: 3, position: Number.NaN }).success,
    ).toBe(false);
    expect(ScreenCommand.safeParse({ action: 'rate', roomId: 'room-1', basedOn: 1, rate: 16 }).success).toBe(
      false,
    );
    expect(
      ScreenCommand.safeParse({
        action: 'load',
        roomId: 'room-1',
        source: { kind: 'file', path: '/etc/passwd' },
      }).success,
    ).toBe(false);
    expect(ScreenCommand.safeParse({ action: 'clear', roomId: 'room-1', by: 'someone' }).success).toBe(false);
  });
});

describe('file messages', () => {
  const valid = {
    id: 'offer-0001',
    to: { kind: 'person', userId: 'abc_DEF-123' },
    name: 'Lecture notes.pdf',
    size: 1,
    type: 'application/pdf',
    sha256: 'a'.repeat(64),
    chunkListHash: '0123456789abcdef'.repeat(4),
  };
  const refuses = (change: object) => FileOffer.safeParse({ ...valid, ...change }).success === false;

  it('accepts an offer to a person or to the room, trimming the name', () => {
    expect(FileOffer.parse({ ...valid, name: '  notes.txt ' }).name).toBe('notes.txt');
    expect(FileOffer.safeParse({ ...valid, to: { kind: 'room' } }).success).toBe(true);
    expect(
      FileOffer.safeParse({ ...valid, name: 'x'.repeat(FILE_NAME_MAX), size: FILE_SIZE_CEILING }).success,
    ).toBe(true);
  });

  it('refuses a name with control or bidi-override characters, or none at all', () => {
    expect(refuses({ name: 'notes\u0000.pdf' })).toBe(true);
    expect(refuses({ name: 'line\nbreak.txt' })).toBe(true);
    expect(refuses({ name: 'invoice\u202egpj.exe' })).toBe(true);
    expect(refuses({ name: '   ' })).toBe(true);
    expect(refuses({ name: 'x'.repeat(FILE_NAME_MAX + 1) })).toBe(true);
  });

  it('refuses an empty, fractional or oversize file', () => {
    expect(refuses({ size: 0 })).toBe(true);
    expect(refuses({ size: 1.5 })).toBe(true);
    expect(refuses({ size: FILE_SIZE_CEILING + 1 })).toBe(true);
  });

  it('refuses a hash that is not 64 lower-case hex digits', () => {
    expect(refuses({ sha256: 'A'.repeat(64) })).toBe(true);
    expect(refuses({ sha256: 'a'.repeat(63) })).toBe(true);
    expect(refuses({ chunkListHash: 'g'.repeat(64) })).toBe(true);
  });

  it('refuses a sender, an audience of its own making, or a malformed offer id', () => {
    expect(refuses({ from: 'someone-else' })).toBe(true);
    expect(refuses({ to: { kind: 'everyone' } })).toBe(true);
    expect(refuses({ to: { kind: 'room', roomId: 'room-1' } })).toBe(true);
    expect(refuses({ id: 'short' })).toBe(true);
    expect(FileRequest.safeParse({ id: 'offer-0001' }).success).toBe(true);
    expect(FileRequest.safeParse({ id: 'offer 0001' }).success).toBe(false);
  });
});
