import { AvatarLook, DisplayName, type AvatarLook as Look } from '@campus/protocol';

export interface RememberedProfile {
  name: string;
  look: Look;
}

const KEY = 'campus:profile:v1';

/** Reads the name and look this browser used last time; anything unreadable counts as nothing remembered. */
export function loadProfile(storage: Pick<Storage, 'getItem'>): RememberedProfile | undefined {
  try {
    const raw: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { name, look } = raw as Record<string, unknown>;
    const parsedName = DisplayName.safeParse(name);
    const parsedLook = AvatarLook.safeParse(look);
    if (!parsedName.success || !parsedLook.success) return undefined;
    return { name: parsedName.data, look: parsedLook.data };
  } catch {
    return undefined;
  }
}

/** Remembers the profile; a full or disabled storage only means it is not remembered. */
export function saveProfile(storage: Pick<Storage, 'setItem'>, profile: RememberedProfile): boolean {
  try {
    storage.setItem(KEY, JSON.stringify(profile));
    return true;
  } catch {
    return false;
  }
}
