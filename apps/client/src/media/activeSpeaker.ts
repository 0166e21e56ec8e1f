/** Below this loudness (0–1 peak) nobody counts as speaking. */
export const SPEAKING_LEVEL = 0.08;
/** How long (ms) the highlighted speaker keeps the highlight against someone else, so it does not flicker. */
export const SPEAKER_HOLD_MS = 1200;

export interface ActiveSpeaker {
  /** Who is highlighted; stays on the last person who spoke until someone else does. */
  id: string | undefined;
  /** When they got the highlight. */
  since: number;
}

/**
 * The classroom grid's highlighted speaker: the loudest person speaking. The highlight moves to someone else only
 * when the current speaker has gone quiet, or has held it for a moment and is clearly quieter than them.
 */
export function nextActiveSpeaker(
  levels: ReadonlyMap<string, number>,
  current: ActiveSpeaker,
  now: number,
): ActiveSpeaker {
  let loudest: string | undefined;
  let loudestLevel = SPEAKING_LEVEL;
  for (const [id, level] of levels) {
    if (level >= loudestLevel) {
      loudest = id;
      loudestLevel = level;
    }
  }
  if (loudest === undefined || loudest === current.id) {
    // Someone who has left the room loses the highlight.
    return current.id === undefined || levels.has(current.id) ? current : { id: undefined, since: now };
  }
  const currentLevel = current.id === undefined ? 0 : (levels.get(current.id) ?? 0);
  const quiet = currentLevel < SPEAKING_LEVEL;
  const held = now - current.since >= SPEAKER_HOLD_MS;
  if (quiet || (held && loudestLevel > currentLevel * 1.5)) return { id: loudest, since: now };
  return current;
}
