import { AVATAR_LOOKS, DIRECTIONS, type AvatarLook, type Direction } from '@campus/protocol';

/** The avatar spritesheet: 16×24 frames, 4 walk frames per row, one row per look and direction. */
export const AVATAR_SHEET = {
  key: 'avatars',
  url: 'assets/avatars.png',
  frameWidth: 16,
  frameHeight: 24,
  framesPerRow: 4,
} as const;

/** Frame index of one walk frame (0 = standing) for a look facing a direction. */
export function avatarFrame(look: AvatarLook, direction: Direction, step = 0): number {
  const row = AVATAR_LOOKS.indexOf(look) * DIRECTIONS.length + DIRECTIONS.indexOf(direction);
  return row * AVATAR_SHEET.framesPerRow + step;
}

/** The name of the walk animation for a look and direction. */
export function walkAnimationKey(look: AvatarLook, direction: Direction): string {
  return `walk-${look}-${direction}`;
}
