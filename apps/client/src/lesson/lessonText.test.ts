import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { ordinal, refusalText, registerFileName } from './lessonText';

describe('refusalText', () => {
  it.each([
    [MessageError.NOT_A_TEACHER, 'lesson:teach', 'Only a teacher can do that.'],
    [MessageError.ROOM_LOCKED, 'lesson:knock', 'Room 1 is locked for the lesson. Knock to ask to come in.'],
    [MessageError.REMOVED_FROM_LESSON, 'lesson:knock', 'A teacher removed you from the lesson in Room 1.'],
    [MessageError.NOT_AT_DOOR, 'lesson:knock', 'Walk up to the door of Room 1 to knock.'],
    [MessageError.NOT_KNOCKING, 'lesson:teach', 'They are not knocking any more.'],
    [MessageError.MIC_LOCKED, 'lesson:hand', 'Raise your hand to speak (press H).'],
    [MessageError.NOT_IN_LESSON, 'lesson:teach', 'They are not in the room any more.'],
    [MessageError.NOT_A_MEMBER, 'lesson:hand', 'Walk into the classroom first.'],
    [
      MessageError.RATE_LIMITED,
      'announce',
      'One announcement at a time: wait half a minute and send it again.',
    ],
    [MessageError.RATE_LIMITED, 'lesson:hand', 'That was too fast: wait a moment and try again.'],
    [MessageError.INVALID_PAYLOAD, 'announce', 'Write something to announce (280 characters at most).'],
    [4500, 'lesson:teach', 'That did not work (4500 INTERNAL_ERROR).'],
  ] as const)('%i on %s → %s', (code, event, text) => {
    expect(refusalText(code, event, 'Room 1')).toBe(text);
  });
});

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [101, '101st'],
    [111, '111th'],
  ])('%i → %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});

describe('registerFileName', () => {
  it('names the room and the local date', () => {
    expect(registerFileName('room-1', new Date(2025, 2, 7, 23, 59))).toBe('register-room-1-2025-03-07.csv');
  });
});
