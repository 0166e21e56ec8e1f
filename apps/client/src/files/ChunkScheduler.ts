import { ChunkBitfield } from './ChunkBitfield';

interface Holder {
  has: ChunkBitfield | 'all';
  inFlight: Set<number>;
}

/** Decides which chunk to ask of which holder, so the sender uploads little and downloaders pass chunks on. */
export class ChunkScheduler {
  readonly #count: number;
  readonly #have: ChunkBitfield;
  readonly #origin: string;
  #share: { rank: number; of: number } | undefined;
  readonly #perHolder: number;
  readonly #strikesToDrop: number;
  readonly #patienceMs: number;
  readonly #holders = new Map<string, Holder>();
  readonly #strikes = new Map<string, number>();
  readonly #dropped = new Set<string>();
  /** Chunk → the holder it is asked of. */
  readonly #inFlight = new Map<number, string>();
  /** Chunk → holders that sent it bad or lost it, to be asked of someone else if anyone else has it. */
  readonly #failedBy = new Map<number, Set<string>>();
  /** Chunk outside our share → when no holder but the origin was first found to have it. */
  readonly #unobtainableSince = new Map<number, number>();
  /** How many holders other than the origin have each chunk, counting bitfields only (see #peerSeeds). */
  readonly #rarity: Int32Array;
  #peerSeeds = 0;
  #turn = 0;

  constructor(
    count: number,
    options: {
      have: ChunkBitfield;
      origin: string;
      /** This downloader's place among the downloaders of a room offer (0-based) and how many there are; absent for a one-to-one offer. */
      share?: { rank: number; of: number };
      /** Most requests in flight per holder. */
      perHolder?: number;
      /** Bad chunks after which a holder is never asked again. */
      strikesToDrop?: number;
      /** How long a chunk outside our share waits for another holder before the origin is asked for it. */
      patienceMs?: number;
    },
  ) {
    const { have, origin, share, perHolder = 8, strikesToDrop = 2, patienceMs = 1500 } = options;
    if (have.count !== count) throw new RangeError(`a bitfield of ${have.count} chunks for ${count}`);
    checkShare(share);
    if (!Number.isInteger(perHolder) || perHolder < 1) throw new RangeError(`bad perHolder ${perHolder}`);
    this.#count = count;
    this.#have = have;
    this.#origin = origin;
    this.#share = share;
    this.#perHolder = perHolder;
    this.#strikesToDrop = Math.max(1, strikesToDrop);
    this.#patienceMs = patienceMs;
    this.#rarity = new Int32Array(count);
  }

  /** The room's downloaders changed (someone else accepted, or left): this one's share of the origin changes. */
  setShare(share: { rank: number; of: number }): void {
    checkShare(share);
    this.#share = share;
  }

  /** Adds a holder, or replaces what an existing one has; a dropped holder stays dropped. */
  addHolder(id: string, has: ChunkBitfield | 'all'): void {
    if (this.#dropped.has(id)) return;
    const copy = has === 'all' ? 'all' : this.#copy(has);
    const holder = this.#holders.get(id);
    if (holder) {
      this.#countRarity(id, holder.has, -1);
      holder.has = copy;
    } else {
      this.#holders.set(id, { has: copy, inFlight: new Set() });
    }
    this.#countRarity(id, copy, +1);
  }

  /** Notes that a holder now has chunk `index`. */
  updateHolder(id: string, index: number): void {
    const holder = this.#holders.get(id);
    if (!holder || holder.has === 'all') return;
    if (holder.has.set(index) && id !== this.#origin) this.#rarity[index]!++;
  }

  /** Forgets a holder (it left); what was asked of it is asked of others. */
  removeHolder(id: string): void {
    const holder = this.#holders.get(id);
    if (!holder) return;
    for (const index of holder.inFlight) this.#inFlight.delete(index);
    this.#countRarity(id, holder.has, -1);
    this.#holders.delete(id);
  }

  /** The requests to send now: every holder's free slots filled, peers first, the origin as the rules allow. */
  next(now: number): Array<{ holder: string; index: number }> {
    const peers = [...this.#holders].filter(
      ([id, h]) => id !== this.#origin && h.inFlight.size < this.#perHolder,
    );
    const origin = this.#holders.get(this.#origin);
    const originFree = origin ? this.#perHolder - origin.inFlight.size : 0;
    if (peers.length === 0 && originFree <= 0) return [];

    const candidates = this.#have.missing().filter((i) => !this.#inFlight.has(i));
    const requests: Array<{ holder: string; index: number }> = [];
    const ask = (holder: string, index: number) => {
      requests.push({ holder, index });
      this.#inFlight.set(index, holder);
      this.#holders.get(holder)!.inFlight.add(index);
    };

    // Peers take turns (starting with a different one each call), each taking the rarest chunk it has left.
    const turn = this.#turn++;
    const lists = peers.map(([id, h], n) => {
      const has = candidates.filter((i) => holderHas(h, i) && !this.#avoids(id, i));
      has.sort((a, b) => this.#rarityOf(a) - this.#rarityOf(b) || a - b);
      return { id, h, has, at: 0, n: (n - (turn % peers.length) + peers.length) % peers.length };
    });
    lists.sort((a, b) => a.n - b.n);
    for (let asked = true; asked;) {
      asked = false;
      for (const list of lists) {
        if (list.h.inFlight.size >= this.#perHolder) continue;
        while (list.at < list.has.length && this.#inFlight.has(list.has[list.at]!)) list.at++;
        const index = list.has[list.at];
        if (index === undefined) continue;
        ask(list.id, index);
        asked = true;
      }
    }

    if (!origin || originFree <= 0) return requests;
    const anyPeers = [...this.#holders.keys()].some((id) => id !== this.#origin);
    const share = anyPeers ? this.#share : undefined;
    const ours: number[] = [];
    const theirs: number[] = [];
    const others: number[] = [];
    for (const i of candidates) {
      if (this.#inFlight.has(i) || !holderHas(origin, i) || this.#avoids(this.#origin, i)) continue;
      const elsewhere = this.#obtainableElsewhere(i);
      if (!share || i % share.of === share.rank) (elsewhere ? theirs : ours).push(i);
      else if (elsewhere) this.#unobtainableSince.delete(i);
      else others.push(i);
    }
    const asked = [...ours, ...theirs].slice(0, originFree);
    // The clock on chunks outside our share starts only once the origin has nothing of ours left to send: until then
    // the other downloaders are still fetching them from the origin and will pass them on.
    if (asked.length < originFree) {
      for (const i of others) {
        const since = this.#unobtainableSince.get(i) ?? now;
        this.#unobtainableSince.set(i, since);
        // A chunk a peer failed is not waited for: that peer was its only other source.
        if (now - since >= this.#patienceMs || this.#failedBy.has(i)) asked.push(i);
      }
    }
    for (const index of asked.slice(0, originFree)) ask(this.#origin, index);
    return requests;
  }

  /** Notes that a chunk arrived and checked out. */
  received(holder: string, index: number): void {
    this.#have.set(index);
    this.#release(this.#inFlight.get(index) ?? holder, index);
    this.#failedBy.delete(index);
    this.#unobtainableSince.delete(index);
  }

  /**
   * Notes that a chunk came bad (a strike) or never came; the chunk goes back to be asked of someone else.
   * `dropped` says whether the holder is now dropped, never to be asked again.
   */
  failed(holder: string, index: number, why: 'bad' | 'lost'): { dropped: boolean } {
    this.#release(holder, index);
    if (index >= 0 && index < this.#count && !this.#have.has(index)) {
      const by = this.#failedBy.get(index) ?? new Set<string>();
      this.#failedBy.set(index, by.add(holder));
    }
    if (why === 'bad' && !this.#dropped.has(holder)) {
      const strikes = (this.#strikes.get(holder) ?? 0) + 1;
      this.#strikes.set(holder, strikes);
      if (strikes >= this.#strikesToDrop) {
        this.removeHolder(holder);
        this.#dropped.add(holder);
      }
    }
    return { dropped: this.#dropped.has(holder) };
  }

  /** How many requests are waiting on a holder. */
  inFlight(holder: string): number {
    return this.#holders.get(holder)?.inFlight.size ?? 0;
  }

  /** Whether every chunk is held. */
  get done(): boolean {
    return this.#have.complete;
  }

  /** The holders that may be asked (present and not dropped). */
  holders(): string[] {
    return [...this.#holders.keys()];
  }

  #release(holder: string, index: number): void {
    if (this.#inFlight.get(index) !== holder) return;
    this.#inFlight.delete(index);
    this.#holders.get(holder)?.inFlight.delete(index);
  }

  #rarityOf(index: number): number {
    return this.#rarity[index]! + this.#peerSeeds;
  }

  #obtainableElsewhere(index: number): boolean {
    if (this.#rarityOf(index) === 0) return false;
    const failed = this.#failedBy.get(index);
    if (!failed) return true;
    for (const [id, h] of this.#holders) {
      if (id !== this.#origin && !failed.has(id) && holderHas(h, index)) return true;
    }
    return false;
  }

  /** Whether `id` should not be asked for a chunk it failed, because another holder can be asked instead. */
  #avoids(id: string, index: number): boolean {
    const failed = this.#failedBy.get(index);
    if (!failed?.has(id)) return false;
    for (const [other, h] of this.#holders) {
      if (!failed.has(other) && holderHas(h, index)) return true;
    }
    return false;
  }

  #countRarity(id: string, has: ChunkBitfield | 'all', sign: 1 | -1): void {
    if (id === this.#origin) return;
    if (has === 'all') {
      this.#peerSeeds += sign;
      return;
    }
    for (let i = 0; i < this.#count; i++) if (has.has(i)) this.#rarity[i]! += sign;
  }

  // A copy, so marking what a holder gained never changes a bitfield the caller still holds.
  #copy(has: ChunkBitfield): ChunkBitfield {
    const copy = new ChunkBitfield(this.#count);
    for (let i = 0; i < this.#count; i++) if (has.has(i)) copy.set(i);
    return copy;
  }
}

function holderHas(holder: Holder, index: number): boolean {
  return holder.has === 'all' || holder.has.has(index);
}

function checkShare(share: { rank: number; of: number } | undefined): void {
  if (share && !(Number.isInteger(share.of) && share.of >= 1 && Number.isInteger(share.rank))) {
    throw new RangeError(`bad share ${share.rank} of ${share.of}`);
  }
  if (share && (share.rank < 0 || share.rank >= share.of))
    throw new RangeError(`bad share rank ${share.rank}`);
}
