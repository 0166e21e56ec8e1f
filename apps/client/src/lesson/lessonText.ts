import { MessageError, codeName } from '@campus/protocol';

/** The lesson requests whose refusals are put into words here. */
export type LessonEvent = 'lesson:teach' | 'lesson:hand' | 'lesson:knock' | 'lesson:register' | 'announce';

/**
 * A coded refusal of a lesson request as a short sentence for the person (the server's message is for logs).
 * `place` names the room it was about, where there is one.
 */
export function refusalText(code: number, event: LessonEvent, place = 'the room'): string {
  switch (code) {
    case MessageError.NOT_A_TEACHER:
      return 'Only a teacher can do that.';
    case MessageError.ROOM_LOCKED:
      return `${place} is locked for the lesson. Knock to ask to come in.`;
    case MessageError.REMOVED_FROM_LESSON:
      return `A teacher removed you from the lesson in ${place}.`;
    case MessageError.NOT_AT_DOOR:
      return `Walk up to the door of ${place} to knock.`;
    case MessageError.NOT_KNOCKING:
      return 'They are not knocking any more.';
    case MessageError.MIC_LOCKED:
      return 'Raise your hand to speak (press H).';
    case MessageError.NOT_IN_LESSON:
      return 'They are not in the room any more.';
    case MessageError.NOT_A_MEMBER:
    case MessageError.NOT_IN_ROOM:
      return 'Walk into the classroom first.';
    case MessageError.UNKNOWN_ROOM:
      return 'There is no such classroom on this map.';
    case MessageError.RATE_LIMITED:
      return event === 'announce'
        ? 'One announcement at a time: wait half a minute and send it again.'
        : 'That was too fast: wait a moment and try again.';
    case MessageError.INVALID_PAYLOAD:
      return event === 'announce'
        ? 'Write something to announce (280 characters at most).'
        : 'That is not possible.';
    default:
      return `That did not work (${code} ${codeName(code)}).`;
  }
}

/** 1 → "1st", 2 → "2nd", 11 → "11th", 22 → "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The file a register is saved as: `register-<roomId>-<YYYY-MM-DD>.csv`, the date in local time. */
export function registerFileName(roomId: string, date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `register-${roomId}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`;
}
