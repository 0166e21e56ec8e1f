import { DEFAULT_PROXIMITY } from '@campus/world';

/**
 * Calls are set up (connected, carrying nothing) while people approach within this range, so that talk starts the
 * moment they link at the enter radius instead of waiting for signaling, ICE and DTLS.
 */
export const PREPARE: typeof DEFAULT_PROXIMITY = {
  enterRadius: 160,
  exitRadius: 200,
  linkDelay: 0,
  unlinkDelay: 1000,
  maxLinks: DEFAULT_PROXIMITY.maxLinks + 4,
};

/** Full volume within this distance (px), about 2 tiles. */
export const FULL_VOLUME_DISTANCE = 32;
/** The quietest a linked voice gets (at and beyond the enter radius): near silence, never a hard cut. */
export const EDGE_GAIN = 0.04;

/**
 * Volume for a voice at distance `d`: 1 up close, easing down (smoothstep, so there is no audible corner) to EDGE_GAIN
 * at the enter radius, where links begin; that floor holds out to the exit radius, where the link closes.
 */
export function gainForDistance(d: number, enterRadius = DEFAULT_PROXIMITY.enterRadius): number {
  if (d <= FULL_VOLUME_DISTANCE) return 1;
  if (d >= enterRadius) return EDGE_GAIN;
  const t = (d - FULL_VOLUME_DISTANCE) / (enterRadius - FULL_VOLUME_DISTANCE);
  const eased = t * t * (3 - 2 * t);
  return 1 - eased * (1 - EDGE_GAIN);
}

/** The most a voice is panned to one side; fully hard-panned voices sound like headphones failing. */
export const MAX_PAN = 0.8;

/** Stereo position for a voice whose speaker stands `dx` px to the right (negative: left). */
export function panForOffset(dx: number, enterRadius = DEFAULT_PROXIMITY.enterRadius): number {
  return Math.max(-MAX_PAN, Math.min(MAX_PAN, (dx / enterRadius) * MAX_PAN));
}

export interface BitrateBudget {
  /** A user's whole upstream, bits per second. */
  totalUpstream: number;
  /** Reserved per link for its audio. */
  audioPerLink: number;
  /** No link's video gets more than this, however few links there are. */
  maxVideoPerLink: number;
  /** Below this, video is not worth sending; the link goes audio only. */
  minVideoPerLink: number;
}

export const DEFAULT_BUDGET: BitrateBudget = {
  totalUpstream: 1_500_000,
  audioPerLink: 40_000,
  maxVideoPerLink: 800_000,
  minVideoPerLink: 60_000,
};

/**
 * The video bitrate each of `links` links may use so that audio plus video over all links stays within the budget.
 * 0 means audio only.
 */
export function videoBitratePerLink(links: number, budget: BitrateBudget = DEFAULT_BUDGET): number {
  if (links <= 0) return 0;
  const share = Math.floor((budget.totalUpstream - links * budget.audioPerLink) / links);
  if (share < budget.minVideoPerLink) return 0;
  return Math.min(budget.maxVideoPerLink, share);
}

/** How long LiveKit may try to resume an interrupted SFU connection before the room falls back to direct calls. */
export const SFU_INTERRUPTION_GRACE_MS = 2000;

/**
 * How long to wait before trying the classroom's SFU again after `failures` failed tries in a row: soon at first, so
 * a restarted SFU is back in a second or two, then every five seconds while it stays away.
 */
export function sfuRetryDelay(failures: number): number {
  const steps = [1000, 2000, 3000, 5000];
  return steps[Math.min(Math.max(failures, 1), steps.length) - 1]!;
}

/** What turning do-not-disturb on and off tells the person. */
export const DND_TEXT = {
  on: 'Do not disturb: you will not link with anyone until you turn it off.',
  off: 'You are available again.',
} as const;
