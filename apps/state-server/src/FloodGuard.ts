import {
  ConnectRefusal,
  Limits,
  MessageError,
  isClientEventName,
  type ClientEventName,
} from '@campus/protocol';
import type { Clock } from './ports';
import type { BucketSpec } from './RateLimiter';
import { TokenBucket } from './TokenBucket';

/** Events of one kind share one budget per connection. */
export type EventKind =
  | 'join'
  | 'move'
  | 'profile'
  | 'chat'
  | 'media'
  | 'room'
  | 'clock'
  | 'watch'
  | 'role'
  | 'lesson'
  | 'screen'
  | 'file'
  | 'unknown';

const KIND_OF: Record<ClientEventName, EventKind> = {
  join: 'join',
  move: 'move',
  profile: 'profile',
  clock: 'clock',
  'chat:send': 'chat',
  'media:register': 'media',
  'media:ice': 'media',
  'media:state': 'media',
  'media:sfu': 'media',
  'room:enter': 'room',
  'room:leave': 'room',
  'room:token': 'room',
  'presence:watch': 'watch',
  'role:claim': 'role',
  'lesson:teach': 'lesson',
  'lesson:hand': 'lesson',
  'lesson:knock': 'lesson',
  'lesson:register': 'lesson',
  announce: 'lesson',
  'screen:command': 'screen',
  'file:offer': 'file',
  'file:accept': 'file',
  'file:decline': 'file',
  'file:cancel': 'file',
};

export interface InboundBudget extends BucketSpec {
  /** The largest payload, in characters of JSON. */
  maxChars: number;
}

/**
 * Per connection, well above what the web client sends even for a quick player (a move per key change, a clock
 * round trip now and then, chat at typing speed) and above a 10 Hz periodic sender, so only scripts meet them.
 * The per-user chat and profile limits (ChatRelay, the router) are stricter and are about what others must read.
 */
export const INBOUND_BUDGETS: Readonly<Record<EventKind, InboundBudget>> = {
  join: { burst: 5, perSecond: 1, maxChars: 512 },
  move: { burst: 20, perSecond: 15, maxChars: 256 },
  profile: { burst: 10, perSecond: 2, maxChars: 256 },
  chat: { burst: 20, perSecond: 5, maxChars: Limits.CHAT_TEXT_MAX + 256 },
  media: { burst: 20, perSecond: 5, maxChars: 128 },
  room: { burst: 20, perSecond: 5, maxChars: 128 },
  clock: { burst: 20, perSecond: 5, maxChars: 64 },
  watch: { burst: 10, perSecond: 2, maxChars: Limits.WATCH_MAX * 70 + 64 },
  role: { burst: 5, perSecond: 1, maxChars: Limits.TEACHER_TOKEN_MAX + 64 },
  lesson: { burst: 20, perSecond: 5, maxChars: Limits.ANNOUNCEMENT_MAX * 6 + 128 },
  // A seek bar dragged sends a few a second; a link is at most 2000 characters.
  screen: { burst: 20, perSecond: 5, maxChars: 2300 },
  // The largest valid offer (a 255-character name, a 127-character type, two hashes, ids) is under 800 characters.
  file: { burst: 20, perSecond: 5, maxChars: 1200 },
  unknown: { burst: 10, perSecond: 2, maxChars: 0 },
};

/** How a connection over its budgets is handled, step by step. */
export interface Escalation {
  /** At most one RATE_LIMITED error per this many ms; the other over-limit messages are dropped unanswered. */
  errorIntervalMs: number;
  /**
   * A connection still over its budgets this long after it first went over (with no pause of `pauseMs` between) is
   * closed. Not sooner: a throttled connection gets no more through than its budgets allow, while a closed one comes
   * back (as someone new, if it must) with full buckets, so closing fast would let a flood through, not keep it out.
   */
  sustainedMs: number;
  pauseMs: number;
  /** Over-limit messages put up with at once and per second, however briefly; a flood beyond is closed at once. */
  tolerance: BucketSpec;
}

export const ESCALATION: Readonly<Escalation> = {
  errorIntervalMs: 1000,
  sustainedMs: 10_000,
  pauseMs: 2000,
  tolerance: { burst: 20_000, perSecond: 10_000 },
};

/** What to do with one incoming message. */
export type Admission =
  | { verdict: 'admit' }
  | { verdict: 'refuse'; code: MessageError; message: string }
  | { verdict: 'drop' }
  | { verdict: 'close'; code: ConnectRefusal; message: string };

const ADMIT: Admission = { verdict: 'admit' };
const DROP: Admission = { verdict: 'drop' };
/** Deeper than any schema needs; deeper payloads count as too large. */
const MAX_DEPTH = 8;

/**
 * One connection's guard at the door, before any parsing: a token bucket per kind of event and a size check per kind.
 * Over budget, a message gets a coded RATE_LIMITED error, but at most one a second; the rest are dropped unanswered
 * (throttled); a connection that stays over for long (or floods beyond any reason) is closed with TOO_MANY_MESSAGES.
 * Everything here is constant work per message, so a flood costs the server little.
 */
export class FloodGuard {
  private readonly buckets = new Map<EventKind, TokenBucket>();
  private readonly tolerance: TokenBucket;
  private lastErrorAt = -Infinity;
  private overSince = -Infinity;
  private lastOverAt = -Infinity;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly budgets: Readonly<Record<EventKind, InboundBudget>> = INBOUND_BUDGETS,
    private readonly escalation: Readonly<Escalation> = ESCALATION,
  ) {
    this.tolerance = new TokenBucket(escalation.tolerance, clock);
  }

  admit(event: string, payloads: readonly unknown[]): Admission {
    if (this.closed) return DROP;
    const kind = isClientEventName(event) ? KIND_OF[event] : 'unknown';
    if (!this.bucket(kind).take()) return this.overLimit(kind);
    const { maxChars } = this.budgets[kind];
    if (kind !== 'unknown' && !jsonFits(payloads, maxChars)) {
      return {
        verdict: 'refuse',
        code: MessageError.PAYLOAD_TOO_LARGE,
        message: `a ${kind} message holds at most ${maxChars} characters`,
      };
    }
    return ADMIT;
  }

  private overLimit(kind: EventKind): Admission {
    const now = this.clock.now();
    if (now - this.lastOverAt > this.escalation.pauseMs) this.overSince = now;
    this.lastOverAt = now;
    if (!this.tolerance.take() || now - this.overSince >= this.escalation.sustainedMs) {
      this.closed = true;
      return {
        verdict: 'close',
        code: ConnectRefusal.TOO_MANY_MESSAGES,
        message: 'this connection kept sending far more messages than allowed',
      };
    }
    if (now - this.lastErrorAt < this.escalation.errorIntervalMs) return DROP;
    this.lastErrorAt = now;
    const { perSecond } = this.budgets[kind];
    return {
      verdict: 'refuse',
      code: MessageError.RATE_LIMITED,
      message: `too many ${kind} messages (at most ${perSecond} a second); slow down`,
    };
  }

  private bucket(kind: EventKind): TokenBucket {
    let bucket = this.buckets.get(kind);
    if (!bucket) {
      bucket = new TokenBucket(this.budgets[kind], this.clock);
      this.buckets.set(kind, bucket);
    }
    return bucket;
  }
}

/**
 * True when `value` written as JSON would take at most `limit` characters (strings by length, binary by bytes), and
 * nests no deeper than MAX_DEPTH. Stops counting as soon as it is over, so a big payload costs no more than a small one.
 */
export function jsonFits(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return false;
    if (typeof v === 'string') size += v.length + 2;
    else if (typeof v === 'number') size += 24;
    else if (typeof v === 'boolean' || v === null || v === undefined) size += 5;
    else if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) size += v.byteLength;
    else if (Array.isArray(v)) {
      size += 1 + v.length;
      if (size > limit) return false;
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
    } else if (typeof v === 'object') {
      const keys = Object.keys(v as object);
      size += 1 + keys.length;
      for (const k of keys) {
        size += k.length + 3;
        if (size > limit) return false;
        stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1 });
      }
    }
    // Functions (an ack) take no room on the wire.
    if (size > limit) return false;
  }
  return true;
}
