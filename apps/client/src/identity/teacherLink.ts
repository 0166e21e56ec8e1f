import { MessageError, codeName, type RoleClaimReply, type RoleGrant } from '@campus/protocol';

const PENDING_KEY = 'campus:teacher-link';

/**
 * A teacher link's token, taken out of the address the page was opened with (so it is neither bookmarked nor shared
 * further with the page's address) and kept until the server has taken it; or one kept from an earlier visit that
 * could not claim it yet.
 */
export function takeTeacherLink(
  location: Pick<Location, 'href'>,
  history: Pick<History, 'replaceState'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
): string | undefined {
  const url = new URL(location.href);
  const token = url.searchParams.get('teacher');
  if (token) {
    url.searchParams.delete('teacher');
    history.replaceState(null, '', url.toString());
    try {
      storage.setItem(PENDING_KEY, token);
    } catch {
      // Private mode: it is still claimed on this visit.
    }
    return token;
  }
  return storage.getItem(PENDING_KEY) ?? undefined;
}

/** What to tell the person after the server answered their link, and whether to keep the link for another try. */
export function teacherLinkOutcome(reply: RoleClaimReply | undefined): { text: string; keep: boolean } {
  if (!reply)
    return {
      text: 'Could not reach the campus to check your teacher link; trying again next time.',
      keep: true,
    };
  if (reply.ok)
    return { text: `You teach here now, ${reply.name}. This browser keeps the role.`, keep: false };
  const why: Partial<Record<number, string>> = {
    [MessageError.TEACHER_LINK_INVALID]: 'This teacher link is not one this campus made.',
    [MessageError.TEACHER_LINK_EXPIRED]: 'This teacher link has expired: ask for a new one.',
    [MessageError.TEACHER_LINK_REVOKED]: 'This teacher link has been revoked.',
    [MessageError.TEACHER_LINK_USED]:
      'This teacher link was already opened in another browser: ask for your own.',
    [MessageError.NO_TEACHER_LINKS]: 'This campus has no teacher links set up.',
  };
  const { code } = reply.error;
  return { text: why[code] ?? `The teacher link was refused (${code} ${codeName(code)}).`, keep: false };
}

export function forgetTeacherLink(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(PENDING_KEY);
}

/** How the HUD shows a role. */
export function roleBadge(role: RoleGrant | undefined): string | undefined {
  return role ? `Teacher · ${role.name}` : undefined;
}
