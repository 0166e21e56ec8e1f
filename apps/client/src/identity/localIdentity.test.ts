import { describe, expect, it } from 'vitest';
import { forgetEverything, loadOrCreateSecret, newSecret } from './localIdentity';

class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length(): number {
    return this.data.size;
  }
  clear(): void {
    this.data.clear();
  }
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

describe('local identity', () => {
  it('makes a 32-byte base64url secret once and keeps it', () => {
    const storage = new MemoryStorage();
    const secret = loadOrCreateSecret(storage);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadOrCreateSecret(storage)).toBe(secret);
    expect(newSecret()).not.toBe(secret);
  });

  it('replaces a tampered secret rather than sending it', () => {
    const storage = new MemoryStorage();
    storage.setItem('campus:secret', 'not-a-secret');
    expect(loadOrCreateSecret(storage)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('forgets the secret, profile and chats, and nothing else', () => {
    const storage = new MemoryStorage();
    loadOrCreateSecret(storage);
    storage.setItem('campus:profile:v1', '{}');
    storage.setItem('campus:chat:abc', '{}');
    storage.setItem('other-app', 'keep');
    expect(forgetEverything(storage)).toBe(3);
    expect(storage.length).toBe(1);
    expect(storage.getItem('other-app')).toBe('keep');
  });
});
