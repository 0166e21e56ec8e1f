const SECRET_KEY = 'campus:secret';

/** Everything this app keeps in the browser starts with this, so "forget me" can find it all. */
export const STORAGE_PREFIX = 'campus:';

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes as base64url: the browser's proof of who it is. */
export function newSecret(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  return base64url(random(new Uint8Array(32)));
}

/**
 * This browser's identity secret, made on the first visit and kept in localStorage. Only the server sees it (in the
 * handshake); everyone else sees the public id the server derives from it.
 */
export function loadOrCreateSecret(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  make: () => string = newSecret,
): string {
  const existing = storage.getItem(SECRET_KEY);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const secret = make();
  try {
    storage.setItem(SECRET_KEY, secret);
  } catch {
    // Storage refused (private mode, full): this visit still works, as a new person next time.
  }
  return secret;
}

/** "Forget me": removes the secret, the profile and every chat history this app stored in this browser. */
export function forgetEverything(storage: Storage): number {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(STORAGE_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
  return keys.length;
}
