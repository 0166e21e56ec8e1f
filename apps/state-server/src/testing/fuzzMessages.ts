import { clientMessageSchemas, isClientEventName, type ClientEventName } from '@campus/protocol';
import { isAnswered } from '../clientRoutes';

/** One message as a hostile or broken client might send it: any name, any arguments, an ack or not. */
export interface FuzzMessage {
  event: string | number;
  /** The payloads (zero, one, or more than the protocol allows). */
  payloads: unknown[];
  withAck: boolean;
}

const EVENTS = Object.keys(clientMessageSchemas) as ClientEventName[];

/** A well-formed payload for each event, for mutating into almost-right ones. */
const VALID: Record<ClientEventName, () => unknown> = {
  join: () => ({ name: 'Fuzz', appearance: { look: 'sky' } }),
  move: () => ({ position: { x: 40, y: 40 }, direction: 'up', isMoving: true, startedAt: 0 }),
  profile: () => ({ status: 'busy' }),
  clock: () => null,
  'chat:send': () => ({ id: 'fuzz-0001', scope: 'nearby', text: 'hello' }),
  'media:register': () => null,
  'media:ice': () => null,
  'media:state': () => ({ mic: true, cam: false }),
  'media:sfu': () => null,
  'room:enter': () => ({ roomId: 'room-1' }),
  'room:leave': () => ({ roomId: 'room-1' }),
  'room:token': () => ({ roomId: 'room-1' }),
  'presence:watch': () => ({ userIds: ['someone'] }),
  'role:claim': () => ({ token: 't1.e30.AAAA' }),
  'lesson:teach': () => ({ action: 'lock', roomId: 'room-1', locked: true }),
  'lesson:hand': () => ({ roomId: 'room-1', raised: true }),
  'lesson:knock': () => ({ roomId: 'room-1' }),
  'lesson:register': () => ({ roomId: 'room-1' }),
  announce: () => ({ text: 'hello' }),
  'screen:command': () => ({ action: 'seek', roomId: 'room-1', basedOn: 1, position: 12.5 }),
  'file:offer': () => ({
    id: 'fuzz-file-01',
    to: { kind: 'room' },
    name: 'notes.pdf',
    size: 1024,
    type: 'application/pdf',
    sha256: 'a'.repeat(64),
    chunkListHash: 'b'.repeat(64),
  }),
  'file:accept': () => ({ id: 'fuzz-file-01' }),
  'file:decline': () => ({ id: 'fuzz-file-01' }),
  'file:cancel': () => ({ id: 'fuzz-file-01' }),
};

const ODD_NAMES = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'MOVE',
  'move ',
  'user:moved',
  'protocol:error',
  'session:replaced',
  'chat:send\u0000',
  '💥',
  'x'.repeat(300),
];

/** Makes random and almost-right messages from a seeded random source. */
export class MessageFuzzer {
  constructor(private readonly random: () => number) {}

  /** The next message, small enough to pass Socket.IO's size limit (bigger ones only close the connection). */
  next(): FuzzMessage {
    for (;;) {
      const message = this.any();
      if (Buffer.byteLength(JSON.stringify(message.payloads) ?? '') <= 6000) return message;
    }
  }

  private any(): FuzzMessage {
    const r = this.random();
    const event =
      r < 0.75
        ? this.pick(EVENTS)
        : r < 0.85
          ? this.pick(ODD_NAMES)
          : r < 0.88
            ? Math.floor(this.random() * 1000)
            : this.string(40);
    const known = typeof event === 'string' && isClientEventName(event);
    const shape = this.random();
    const payload = !known
      ? this.value(4)
      : shape < 0.45
        ? this.value(5)
        : shape < 0.9
          ? this.mutate(VALID[event]())
          : VALID[event]();
    const count = this.random();
    const payloads =
      count < 0.05
        ? []
        : count < 0.1
          ? [payload, this.value(2), ...(this.random() < 0.5 ? [1] : [])]
          : [payload];
    return { event, payloads, withAck: this.random() < 0.5 };
  }

  /** Any JSON-ish value (and sometimes bytes), nested up to `depth`; bounded so it stays under the size limit. */
  value(depth: number): unknown {
    const r = this.random();
    if (depth <= 0 || r < 0.1) return this.pick([null, undefined, true, false, 0, -0, 1, -1]);
    if (r < 0.25) return this.number();
    if (r < 0.45) return this.string(this.random() < 0.9 ? 40 : 1500);
    if (r < 0.5) return new Uint8Array(Math.floor(this.random() * 64));
    if (r < 0.7) return Array.from({ length: Math.floor(this.random() * 6) }, () => this.value(depth - 1));
    if (r < 0.8) {
      // Deep, thin nesting.
      let v: unknown = this.value(0);
      for (let i = Math.floor(this.random() * 30); i > 0; i--) v = this.random() < 0.5 ? [v] : { a: v };
      return v;
    }
    const out: Record<string, unknown> = {};
    for (let i = Math.floor(this.random() * 6); i > 0; i--) put(out, this.key(), this.value(depth - 1));
    return out;
  }

  /** A valid payload with one to three things wrong with it (or, rarely, still right). */
  mutate(valid: unknown): unknown {
    let v = valid;
    for (let i = 1 + Math.floor(this.random() * 3); i > 0; i--) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.value(3);
      const obj = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(obj);
      const key = keys.length > 0 ? this.pick(keys) : 'x';
      const m = this.random();
      if (m < 0.25) delete obj[key];
      else if (m < 0.45) put(obj, this.pick(['userId', 'admin', 'x', '__proto__', key + '_']), this.value(2));
      else if (m < 0.75) put(obj, key, this.value(2));
      else if (m < 0.9) put(obj, key, this.mutate(obj[key]));
      else put(obj, key, this.pick([1e308, -1e308, 2 ** 53, -1, 1e7, 'x'.repeat(2000), '', '\u202e']));
      v = obj;
    }
    return v;
  }

  private number(): number {
    return this.pick([
      this.random() * 2000 - 1000,
      Math.floor(this.random() * 100),
      1e300,
      -1e300,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_VALUE,
      NaN,
      Infinity,
    ]);
  }

  private string(max: number): string {
    const length = Math.floor(this.random() * max);
    const alphabet = 'abcXYZ019 _-:.é中\u0000\u202e"\\{}[]';
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.random() * alphabet.length)];
    return s;
  }

  private key(): string {
    return this.pick([
      'a',
      'name',
      'position',
      'x',
      'y',
      'userId',
      'scope',
      'text',
      'roomId',
      this.string(10),
    ]);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
}

/**
 * Sets an own property, even one named `__proto__` (which plain assignment would take as the prototype). Not bytes
 * under `__proto__`: Socket.IO's client loses those on the way (it rebuilds binary payloads by assignment).
 */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  const name = key === '__proto__' && containsBytes(value) ? 'proto' : key;
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * True when the message is malformed in a way the server can see before looking at any state: an unknown event, more
 * than one payload, a payload its schema refuses, or no acknowledgement where one is needed. Every such message must
 * be refused with a coded error (or, over budget, dropped).
 */
export function isMalformed(message: FuzzMessage): boolean {
  const { event, payloads, withAck } = message;
  if (typeof event !== 'string' || !isClientEventName(event)) return true;
  if (payloads.length > 1) return true;
  const payload = payloads.length === 0 ? undefined : wireCopy(payloads[0]);
  if (!clientMessageSchemas[event].safeParse(payload).success) return true;
  return isAnswered(event) && !withAck;
}

/** The payload as the server receives it: JSON's rules (NaN, Infinity and a lone undefined become null). */
function wireCopy(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (containsBytes(value)) return { bytes: true }; // never valid for any schema here
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function containsBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(containsBytes);
  if (value && typeof value === 'object') return Object.values(value).some(containsBytes);
  return false;
}
