import { z } from 'zod';

/** Public user ids: what the server derives from a secret (base64url). */
export const UserId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A classroom, by the id its map area carries. */
export const RoomId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
