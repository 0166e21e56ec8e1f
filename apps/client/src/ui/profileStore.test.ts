import { describe, expect, it } from 'vitest';
import { loadProfile, saveProfile } from './profileStore';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('profileStore', () => {
  it('remembers a name and look across visits', () => {
    const storage = memoryStorage();
    expect(loadProfile(storage)).toBeUndefined();
    expect(saveProfile(storage, { name: 'Ada', look: 'plum' })).toBe(true);
    expect(loadProfile(storage)).toEqual({ name: 'Ada', look: 'plum' });
  });

  it('treats corrupt or tampered entries as nothing remembered', () => {
    const storage = memoryStorage();
    storage.data.set('campus:profile:v1', '{not json');
    expect(loadProfile(storage)).toBeUndefined();
    storage.data.set('campus:profile:v1', JSON.stringify({ name: 'Ada', look: 'dragon' }));
    expect(loadProfile(storage)).toBeUndefined();
  });

  it('survives a storage that refuses writes', () => {
    const full = {
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(saveProfile(full, { name: 'Ada', look: 'sky' })).toBe(false);
  });
});
