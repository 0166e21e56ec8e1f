/**
 * Keeping a room's film in step (docs/watching.md): pure decisions from where the film is in this browser and where
 * the room's shared state says it should be. The server is the rhythm; each browser follows it on its own.
 */

/** Tuning of the drift controller, in seconds. */
export const SYNC = {
  /** Farther off than this while playing: seek (a nudge would take too long). */
  SEEK_OVER_S: 0.6,
  /** Closer than this: play at the shared rate, untouched. */
  DEADBAND_S: 0.012,
  /** A nudge makes the film at most this much faster or slower (10 %: heard as barely anything). */
  NUDGE_MAX: 0.1,
  /** A nudge aims to close the gap within about this long. */
  CORRECT_IN_S: 1.2,
  /** Paused films are put on the shared frame when farther from it than this (under half a frame at 25 fps). */
  PAUSED_EXACT_S: 0.015,
  /** Within this of the shared position the film counts as in step ("In sync" for everyone to see)… */
  SYNCED_WITHIN_S: 0.1,
  /** …and, once in step, stays so until this far off, so the badge does not flicker with every nudge. */
  SYNCED_UNTIL_S: 0.15,
  /** A seek's first guess of how long it takes to play again (the lead it seeks ahead by); learnt from then on. */
  SEEK_LEAD_START_S: 0.15,
  SEEK_LEAD_MAX_S: 2,
} as const;

/** What this browser should do to its film now. */
export type SyncStep =
  /** Jump to `to` (seconds). */
  | { kind: 'seek'; to: number }
  /** Play at `rate` (the shared rate, or a nudge of it). */
  | { kind: 'rate'; rate: number };

export interface SyncInput {
  playing: boolean;
  /** Where the film is in this browser (seconds). */
  actual: number;
  /** Where the shared state says it is now (seconds). */
  target: number;
  /** The shared playback rate. */
  rate: number;
  /** How far ahead of the target a seek while playing should land (SeekLead). */
  seekLead: number;
  duration?: number;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/**
 * The drift controller: paused, stand on the shared frame; playing, a gentle rate nudge proportional to the drift
 * (behind: faster, ahead: slower), and a seek, landing a little ahead to make up for the time a seek takes, when the
 * drift is too large to nudge away.
 */
export function syncStep(input: SyncInput): SyncStep {
  const { actual, target, rate } = input;
  const drift = actual - target;
  const end = input.duration ?? Number.POSITIVE_INFINITY;
  if (!input.playing) {
    return Math.abs(drift) > SYNC.PAUSED_EXACT_S
      ? { kind: 'seek', to: clamp(target, 0, end) }
      : { kind: 'rate', rate };
  }
  if (Math.abs(drift) > SYNC.SEEK_OVER_S)
    return { kind: 'seek', to: clamp(target + input.seekLead * rate, 0, end) };
  if (Math.abs(drift) <= SYNC.DEADBAND_S) return { kind: 'rate', rate };
  const nudge = clamp(-drift / SYNC.CORRECT_IN_S, -SYNC.NUDGE_MAX, SYNC.NUDGE_MAX);
  return { kind: 'rate', rate: rate * (1 + nudge) };
}

/** True when the film is in step: within SYNCED_WITHIN_S of the shared position, or SYNCED_UNTIL_S if it `was`. */
export function inStep(actual: number, target: number, was = false): boolean {
  return Math.abs(actual - target) <= (was ? SYNC.SYNCED_UNTIL_S : SYNC.SYNCED_WITHIN_S);
}

/**
 * How far ahead a seek while playing should land: starts at a guess and learns from each seek how far off it landed
 * (a seek that came out behind means the next should lead by more).
 */
export class SeekLead {
  private lead: number = SYNC.SEEK_LEAD_START_S;

  get seconds(): number {
    return this.lead;
  }

  /** After a seek while playing: the drift (actual − target) once the film plays again. */
  landed(drift: number): void {
    this.lead = clamp(this.lead - drift * 0.7, 0, SYNC.SEEK_LEAD_MAX_S);
  }
}

/** A time in a film as a person reads it: 12:30, or 1:02:03. */
export function filmTime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
