import { describe, expect, it } from 'vitest';
import { loadTextSize, saveTextSize } from './textSize';

function memory(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  } as unknown as Storage;
}

describe('the text size setting', () => {
  it('is kept in this browser, and reads back as chosen', () => {
    const storage = memory();
    expect(loadTextSize(storage)).toBe(100);
    saveTextSize(storage, 150);
    expect(loadTextSize(storage)).toBe(150);
  });

  it('reads anything it does not offer as the usual size', () => {
    const storage = memory();
    for (const odd of ['175', '-1', 'huge', '1e9', '']) {
      storage.setItem('campus:text-size:v1', odd);
      expect(loadTextSize(storage)).toBe(100);
    }
  });

  it('a storage that throws only means the choice is not kept', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadTextSize(broken)).toBe(100);
    expect(() => saveTextSize(broken, 200)).not.toThrow();
  });
});
