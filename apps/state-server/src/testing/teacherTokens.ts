import type { RoleStore } from '../teaching/RoleStore';
import { newLinkId, signTeacherLink } from '../teaching/teacherLinks';

/** A new teacher link's token for `name`, signed with the store's secret and good for a day: an admin's link, for tests. */
export async function freshTeacherToken(store: RoleStore, name: string, now = Date.now()): Promise<string> {
  return signTeacherLink(await store.secret(), {
    id: newLinkId(),
    name,
    issuedAt: now,
    expiresAt: now + 86_400_000,
  });
}
