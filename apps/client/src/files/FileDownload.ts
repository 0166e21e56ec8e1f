import type { FileOffered } from '@campus/protocol';
import type { ClientClock } from '../clock';
import { ChunkBitfield } from './ChunkBitfield';
import { ChunkScheduler } from './ChunkScheduler';
import type { ChunkStore } from './ChunkStore';
import { ChunkVerifier } from './ChunkVerifier';
import { chunkCount } from './chunks';
import { FrameKind, LIST_PAGE, type Frame, type PeerRequest } from './fileWire';
import type { ChunkSource } from './FileSeeder';
import { TransferRate } from './TransferRate';

/** Where a download stands; `ready` carries the checked file, which is only then offered for saving. */
export type DownloadState =
  | { kind: 'listing' }
  | { kind: 'fetching' }
  | { kind: 'verifying' }
  | { kind: 'ready'; file: Blob }
  | { kind: 'failed'; reason: DownloadFailure }
  | { kind: 'cancelled' };

/** `mismatch`: the assembled file is not the one announced; `bad-list`: the sender's own chunk list is not. */
export type DownloadFailure = 'mismatch' | 'bad-list' | 'storage';

export interface DownloadProgress {
  receivedBytes: number;
  size: number;
  bytesPerSecond: number;
  secondsLeft: number | undefined;
}

export interface DownloadDeps {
  store: ChunkStore;
  clock: ClientClock;
  /** Sends a request to a holder over its data channel. */
  send(holder: string, request: PeerRequest): void;
  /** A holder sent damaged data twice: its channel should close, and the person hear why. */
  dropped(holder: string): void;
  changed(state: DownloadState): void;
  /** This download's place among the room's downloaders, so the origin sends each chunk about once. */
  share?: { rank: number; of: number };
}

/** Requests in flight to one holder. */
const PER_HOLDER = 32;
/** Chunks held in memory while the store writes them (8 MiB); past it, taking more waits for the disk. */
const WRITES_AHEAD_MAX = 64;
/** A chunk asked for and not come in this long is asked again, of another holder where there is one. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * One file coming in from its holders: the chunk list first (checked against the offer's `chunkListHash`), then
 * chunks spread over the holders by the ChunkScheduler, each checked on arrival and stored; a bad one is asked again
 * and a holder that sends bad data twice is dropped. Once all are in, the whole file is checked against the offer's
 * SHA-256 before it is `ready`. What was stored before (a reload) counts: the download resumes from it.
 */
export class FileDownload {
  readonly count: number;
  readonly verifier: ChunkVerifier;
  private have: ChunkBitfield;
  private scheduler: ChunkScheduler;
  private readonly linked = new Set<string>();
  private readonly told = new Set<string>();
  private readonly asked = new Map<string, number>();
  private listing: { holder: string; bytes: Uint8Array; since: number } | undefined;
  /** Holders that said they have no checked list to give. */
  private readonly noList = new Set<string>();
  private verifiedList: Uint8Array | undefined;
  private ticks = 0;
  /** Chunks checked and on their way to the store. */
  private readonly unwritten = new Map<number, { bytes: Uint8Array; write: Promise<void> }>();
  private readonly rate = new TransferRate();
  private state: DownloadState = { kind: 'listing' };
  private receivedBytes = 0;
  /** Chunks that came in from each holder, checked or not (tests count what a resume fetched). */
  readonly fetchedFrom = new Map<string, number>();
  /** When the first chunk came in and when the last did (this page's clock, ms): the transfer's own time. */
  readonly timing: { firstChunkAt?: number; lastChunkAt?: number } = {};

  constructor(
    readonly offer: FileOffered,
    private readonly deps: DownloadDeps,
  ) {
    this.count = chunkCount(offer.size);
    this.verifier = new ChunkVerifier(offer);
    this.have = new ChunkBitfield(this.count);
    this.scheduler = this.newScheduler();
  }

  get current(): DownloadState {
    return this.state;
  }

  /** What this download can serve to the others as a holder itself. */
  get source(): ChunkSource {
    return {
      count: this.count,
      hashes: () => this.verifiedList,
      bits: () => this.have,
      read: (index) => {
        const unwritten = this.unwritten.get(index);
        return unwritten ? Promise.resolve(unwritten.bytes) : this.deps.store.read(index);
      },
    };
  }

  /** Picks up what the store holds from before (its chunks checked again), then starts asking. */
  async start(): Promise<void> {
    const list = await this.deps.store.list().catch(() => undefined);
    if (list && (await this.verifier.acceptList(list))) {
      this.verifiedList = list;
      for (const index of await this.deps.store.held().catch(() => [])) {
        const bytes = await this.deps.store.read(index).catch(() => undefined);
        if (bytes && (await this.verifier.checkChunk(index, bytes)) === 'ok') {
          this.have.set(index);
          this.receivedBytes += bytes.length;
        }
      }
      this.scheduler = this.newScheduler();
      for (const holder of this.linked) this.scheduler.addHolder(holder, this.initialBits(holder));
      this.setState({ kind: 'fetching' });
    }
    await this.pump();
  }

  get progress(): DownloadProgress {
    const now = this.deps.clock.now();
    const left = this.offer.size - this.receivedBytes;
    return {
      receivedBytes: this.receivedBytes,
      size: this.offer.size,
      bytesPerSecond: this.rate.bytesPerSecond(now),
      secondsLeft: this.rate.secondsLeft(now, left),
    };
  }

  /** A room offer's downloaders changed: this one's share of what to ask of the sender changes with them. */
  setShare(share: { rank: number; of: number }): void {
    this.scheduler.setShare(share);
  }

  /** A holder's data channel is open: it can be asked from now on. */
  holderLinked(holder: string): void {
    if (this.finished || this.linked.has(holder)) return;
    this.linked.add(holder);
    this.scheduler.addHolder(holder, this.initialBits(holder));
    if (holder !== this.offer.from && this.verifiedList) this.tell(holder);
    void this.pump();
  }

  /** A holder's channel closed, or the server says it holds no more: what it was asked goes to the others. */
  holderLost(holder: string): void {
    this.linked.delete(holder);
    this.told.delete(holder);
    this.scheduler.removeHolder(holder);
    if (this.listing?.holder === holder) this.listing = undefined;
    void this.pump();
  }

  /** News from a holder about this offer. */
  heard(holder: string, request: PeerRequest): void {
    if (this.finished || !this.linked.has(holder)) return;
    switch (request.t) {
      case 'have': {
        let bits: ChunkBitfield;
        try {
          bits = ChunkBitfield.fromBase64(this.count, request.bits);
        } catch {
          return;
        }
        this.scheduler.addHolder(holder, bits);
        if (this.verifiedList) this.tell(holder);
        break;
      }
      case 'got':
        if (request.index < this.count) this.scheduler.updateHolder(holder, request.index);
        break;
      case 'none':
        if (request.index < 0) {
          this.noList.add(holder);
          if (this.listing?.holder === holder) this.listing = undefined;
        } else if (request.index < this.count) {
          this.asked.delete(key(holder, request.index));
          this.scheduler.failed(holder, request.index, 'lost');
        }
        if (request.why === 'gone' || request.why === 'not-allowed') this.holderLost(holder);
        break;
      default:
        return;
    }
    void this.pump();
  }

  /** A binary frame from a holder: a page of the chunk list, or a chunk. */
  async frame(holder: string, frame: Frame): Promise<void> {
    if (this.finished || !this.linked.has(holder)) return;
    if (frame.kind === FrameKind.LIST) await this.listPage(holder, frame);
    else await this.chunk(holder, frame);
    await this.pump();
  }

  /** Stops (the person cancelled, or the sender withdrew the offer): nothing more is asked, and what was held goes. */
  async cancel(): Promise<void> {
    if (this.finished) return;
    this.setState({ kind: 'cancelled' });
    for (const holder of this.linked) this.deps.send(holder, { t: 'drop', id: this.offer.id });
    await this.deps.store.remove().catch(() => undefined);
  }

  /**
   * Asks again what has been in flight too long, and tells the other holders again what this one holds (news sent
   * before their side of the channel was ready is not lost for good); called every half second or so.
   */
  tick(): void {
    const now = this.deps.clock.now();
    if (this.verifiedList && ++this.ticks % 4 === 0) {
      const bits = this.have.toBase64();
      for (const holder of this.linked)
        if (holder !== this.offer.from) this.deps.send(holder, { t: 'have', id: this.offer.id, bits });
    }
    // A holder that does not answer for the list is not asked for it again; another is.
    if (this.listing && now - this.listing.since >= REQUEST_TIMEOUT_MS) {
      this.noList.add(this.listing.holder);
      this.listing = undefined;
    }
    for (const [k, at] of this.asked) {
      if (now - at < REQUEST_TIMEOUT_MS) continue;
      this.asked.delete(k);
      const [holder, index] = unkey(k);
      this.scheduler.failed(holder, index, 'lost');
    }
    void this.pump();
  }

  private get finished(): boolean {
    const kind = this.state.kind;
    return kind === 'verifying' || kind === 'ready' || kind === 'failed' || kind === 'cancelled';
  }

  /** The sender holds every chunk; of anyone else we know nothing until they say (`have`). */
  private initialBits(holder: string): ChunkBitfield | 'all' {
    return holder === this.offer.from ? 'all' : new ChunkBitfield(this.count);
  }

  private newScheduler(): ChunkScheduler {
    return new ChunkScheduler(this.count, {
      have: this.have,
      origin: this.offer.from,
      // 4 MiB in flight from each holder: with less, a busy machine's round trips, not the channel, set the pace.
      perHolder: PER_HOLDER,
      // A chunk of someone else's share is waited for this long (it comes from them once they have it) before the
      // sender is asked for it after all: long, since two cores with four campus pages take seconds for a share.
      patienceMs: 10_000,
      ...(this.deps.share ? { share: this.deps.share } : {}),
    });
  }

  private async listPage(holder: string, frame: Frame): Promise<void> {
    const listing = this.listing;
    if (!listing || listing.holder !== holder || this.verifiedList) return;
    const from = frame.index;
    // Each page must continue the list where it stands: a holder repeating pages cannot grow it past its size.
    const end = Math.min(this.count, from + LIST_PAGE);
    if (from !== listing.bytes.length / 32 || frame.payload.length !== (end - from) * 32) {
      return this.badList(holder);
    }
    const bytes = new Uint8Array(listing.bytes.length + frame.payload.length);
    bytes.set(listing.bytes);
    bytes.set(frame.payload, listing.bytes.length);
    this.listing = { holder, bytes, since: this.deps.clock.now() };
    if (end < this.count) {
      this.deps.send(holder, { t: 'list', id: this.offer.id, from: end });
      return;
    }
    this.listing = undefined;
    if (!(await this.verifier.acceptList(bytes))) return this.badList(holder);
    this.verifiedList = bytes;
    await this.deps.store.putList(bytes).catch(() => undefined);
    this.setState({ kind: 'fetching' });
    for (const peer of this.linked) if (peer !== this.offer.from) this.tell(peer);
  }

  private badList(holder: string): void {
    this.listing = undefined;
    if (holder === this.offer.from) {
      this.setState({ kind: 'failed', reason: 'bad-list' });
      return;
    }
    this.holderLost(holder);
    this.deps.dropped(holder);
  }

  private async chunk(holder: string, frame: Frame): Promise<void> {
    const index = frame.index;
    if (index >= this.count || !this.asked.delete(key(holder, index))) return;
    this.fetchedFrom.set(holder, (this.fetchedFrom.get(holder) ?? 0) + 1);
    const verdict = await this.verifier.checkChunk(index, frame.payload);
    if (verdict !== 'ok') {
      const { dropped } = this.scheduler.failed(holder, index, 'bad');
      if (dropped) {
        this.holderLost(holder);
        this.deps.dropped(holder);
        // The sender itself sends what its offer does not describe (its file changed, or it lies), and nobody else
        // is there to take the rest from: refused.
        if (holder === this.offer.from && this.linked.size === 0)
          this.setState({ kind: 'failed', reason: 'mismatch' });
      }
      return;
    }
    if (this.have.has(index)) return;
    // Counted as held at once, and written in the background: asking for more need not wait for the disk. Until
    // written, a chunk is served to others from memory; a reload resumes only from what was written.
    this.scheduler.received(holder, index);
    this.have.set(index);
    this.receivedBytes += frame.payload.length;
    const now = this.deps.clock.now();
    this.rate.add(now, frame.payload.length);
    this.timing.firstChunkAt ??= now;
    this.timing.lastChunkAt = now;
    const write = this.deps.store.put(index, frame.payload).finally(() => this.unwritten.delete(index));
    this.unwritten.set(index, { bytes: frame.payload, write });
    for (const peer of this.told) this.deps.send(peer, { t: 'got', id: this.offer.id, index });
    if (this.unwritten.size >= WRITES_AHEAD_MAX) await write.catch(() => undefined);
    if (this.have.complete) await this.finish();
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.setState({ kind: 'verifying' });
    let verdict;
    let file: Blob;
    try {
      await Promise.all([...this.unwritten.values()].map((u) => u.write));
      file = await this.deps.store.assemble(this.count);
      verdict = await this.verifier.verifyWhole(file);
    } catch {
      this.setState({ kind: 'failed', reason: 'storage' });
      return;
    }
    if (verdict.ok) {
      this.setState({ kind: 'ready', file });
      return;
    }
    await this.deps.store.remove().catch(() => undefined);
    this.setState({ kind: 'failed', reason: 'mismatch' });
  }

  private async pump(): Promise<void> {
    if (this.finished) return;
    if (!this.verifiedList) {
      if (this.listing) return;
      // The sender's list first; any holder with a checked list will do.
      const candidates = [...this.linked].filter((h) => !this.noList.has(h));
      const holder = candidates.includes(this.offer.from) ? this.offer.from : candidates[0];
      if (!holder) return;
      this.listing = { holder, bytes: new Uint8Array(0), since: this.deps.clock.now() };
      this.deps.send(holder, { t: 'list', id: this.offer.id, from: 0 });
      return;
    }
    if (this.have.complete) {
      await this.finish();
      return;
    }
    const now = this.deps.clock.now();
    for (const { holder, index } of this.scheduler.next(now)) {
      this.asked.set(key(holder, index), now);
      this.deps.send(holder, { t: 'want', id: this.offer.id, index });
    }
  }

  private tell(holder: string): void {
    if (this.told.has(holder)) return;
    this.told.add(holder);
    this.deps.send(holder, { t: 'have', id: this.offer.id, bits: this.have.toBase64() });
  }

  private setState(state: DownloadState): void {
    this.state = state;
    this.deps.changed(state);
  }
}

function key(holder: string, index: number): string {
  return `${index}:${holder}`;
}

function unkey(k: string): [string, number] {
  const colon = k.indexOf(':');
  return [k.slice(colon + 1), Number(k.slice(0, colon))];
}
