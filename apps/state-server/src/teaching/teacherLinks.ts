import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MessageError } from '@campus/protocol';
import { z } from 'zod';
import { RoomError } from '../RoomError';

/**
 * A teacher link's token: `t1.<payload>.<signature>`, both base64url, the signature an HMAC-SHA256 of the payload with
 * the campus's teacher secret. It says which link it is (`id`, for binding and revoking), whom it was made for, and
 * until when it can be claimed. It carries no user id: the first visitor to claim it gets the role, and nobody after.
 */
export interface TeacherLink {
  /** The link's own id: what the admin revokes, and what the binding is keyed by. */
  id: string;
  /** The name it was made for, shown with the role. */
  name: string;
  /** When it was made and until when it can be claimed (ms since the epoch). */
  issuedAt: number;
  expiresAt: number;
}

const VERSION = 't1';
const Payload = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  name: z.string().min(1).max(64),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
});

/**
 * A new link's id: random, so ids say nothing about each other. It never starts with `-` or `_`: an admin types it
 * after `--revoke`, where an id starting with a dash reads as another option.
 */
export function newLinkId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest();
}

export function signTeacherLink(secret: string, link: TeacherLink): string {
  const payload = Buffer.from(JSON.stringify(Payload.parse(link))).toString('base64url');
  return `${VERSION}.${payload}.${signature(secret, payload).toString('base64url')}`;
}

/**
 * The link a token stands for, once its signature holds and it has not expired; otherwise a coded refusal
 * (TEACHER_LINK_INVALID for anything malformed or not signed with `secret`, TEACHER_LINK_EXPIRED after its date).
 */
export function verifyTeacherLink(secret: string, token: string, now: number): TeacherLink {
  const invalid = (): RoomError =>
    new RoomError(MessageError.TEACHER_LINK_INVALID, 'this teacher link is not one this campus made');
  const [version, payload, signed, ...rest] = token.split('.');
  if (version !== VERSION || !payload || !signed || rest.length > 0) throw invalid();
  const expected = signature(secret, payload);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let link: TeacherLink;
  try {
    link = Payload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw invalid();
  }
  if (now >= link.expiresAt) {
    throw new RoomError(
      MessageError.TEACHER_LINK_EXPIRED,
      'this teacher link has expired; ask for a new one',
    );
  }
  return link;
}
