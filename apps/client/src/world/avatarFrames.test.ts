import { describe, expect, it } from 'vitest';
import { avatarFrame } from './avatarFrames';

describe('avatarFrame', () => {
  it('lays out looks in blocks of four direction rows', () => {
    expect(avatarFrame('sky', 'down')).toBe(0);
    expect(avatarFrame('sky', 'up', 3)).toBe(15);
    expect(avatarFrame('rose', 'down')).toBe(16);
    expect(avatarFrame('ink', 'right', 1)).toBe((5 * 4 + 2) * 4 + 1);
  });
});
