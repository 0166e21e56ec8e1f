/**
 * Which chunks of a file are held, one bit each: bit `i` is bit `i & 7` (least significant first) of byte `i >> 3`.
 * It is what a download resumes from and what a holder tells its peers.
 */
export class ChunkBitfield {
  readonly #bits: Uint8Array;
  #held = 0;

  /** An empty bitfield for `count` chunks; throws a RangeError unless `count` is a whole number of chunks. */
  constructor(readonly count: number) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`bad chunk count ${count}`);
    this.#bits = new Uint8Array(Math.ceil(count / 8));
  }

  /** A bitfield from `toBytes()` output; bits past `count` are ignored, a length other than ceil(count/8) is a RangeError. */
  static fromBytes(count: number, bytes: Uint8Array): ChunkBitfield {
    const field = new ChunkBitfield(count);
    if (bytes.length !== field.#bits.length) {
      throw new RangeError(`${bytes.length} bytes for ${count} chunks (want ${field.#bits.length})`);
    }
    field.#bits.set(bytes);
    const spare = count & 7;
    // Stray bits past the end would make `held` and `complete` lie.
    if (spare !== 0) field.#bits[field.#bits.length - 1]! &= (1 << spare) - 1;
    for (const byte of field.#bits) field.#held += popcount(byte);
    return field;
  }

  /** A bitfield holding the given chunks; indexes outside `[0, count)` are ignored. */
  static fromIndexes(count: number, indexes: Iterable<number>): ChunkBitfield {
    const field = new ChunkBitfield(count);
    for (const index of indexes) field.set(index);
    return field;
  }

  /** A bitfield from `toBase64()` output; anything that is not its base64 is a RangeError. */
  static fromBase64(count: number, s: string): ChunkBitfield {
    let binary: string;
    try {
      binary = atob(s);
    } catch (cause) {
      throw new RangeError('not base64', { cause });
    }
    return ChunkBitfield.fromBytes(
      count,
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
  }

  /** Whether chunk `index` is held (false for any index outside the file). */
  has(index: number): boolean {
    if (!this.#inRange(index)) return false;
    return ((this.#bits[index >> 3]! >> (index & 7)) & 1) === 1;
  }

  /** Marks chunk `index` held; true if it was not before, false if it was or the index is outside the file. */
  set(index: number): boolean {
    if (!this.#inRange(index) || this.has(index)) return false;
    this.#bits[index >> 3]! |= 1 << (index & 7);
    this.#held++;
    return true;
  }

  /** Marks chunk `index` not held; true if it was held. */
  clear(index: number): boolean {
    if (!this.has(index)) return false;
    this.#bits[index >> 3]! &= ~(1 << (index & 7));
    this.#held--;
    return true;
  }

  /** How many chunks are held. */
  get held(): number {
    return this.#held;
  }

  /** Whether every chunk is held. */
  get complete(): boolean {
    return this.#held === this.count;
  }

  /** The chunks not held, ascending. */
  missing(): number[] {
    const missing: number[] = [];
    for (let i = 0; i < this.count; i++) {
      // Whole bytes of held chunks are skipped, so a nearly complete download is cheap to ask.
      if ((i & 7) === 0 && this.#bits[i >> 3] === 0xff) {
        i += 7;
        continue;
      }
      if (!this.has(i)) missing.push(i);
    }
    return missing;
  }

  /** The bits as ceil(count/8) bytes (a copy). */
  toBytes(): Uint8Array {
    return this.#bits.slice();
  }

  /** The bits as base64, for storage or a wire that carries text. */
  toBase64(): string {
    let binary = '';
    // In slices: spreading a large array into String.fromCharCode overflows the stack.
    for (let i = 0; i < this.#bits.length; i += 0x8000) {
      binary += String.fromCharCode(...this.#bits.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  #inRange(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.count;
  }
}

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b &= b - 1) n++;
  return n;
}
