import type { FileAudience, FileEndReason, FileHolder, FileOffered } from '@campus/protocol';
import type Peer from 'peerjs';
import { browserClock, type Cancel, type ClientClock } from '../clock';
import type { CampusConnection } from '../net/CampusConnection';
import type { ChunkStore } from './ChunkStore';
import { FileDownload, type DownloadState } from './FileDownload';
import { FileLinks } from './FileLinks';
import type { FileRecords } from './FileRecords';
import { hashFile } from './fileHashes';
import { FileSeeder } from './FileSeeder';
import { emptySource, fileSource, offeredTransfer, randomId, shareOf } from './fileSources';
import { decodeFrame, decodeRequest, type FileChannel } from './fileWire';
import { endedText, failureText } from './fileText';
import { busy, mayServe, stillComing, type Incoming, type Outgoing, type Transfer } from './transfers';

export interface FileSharingDeps {
  connection: Pick<CampusConnection, 'request' | 'send' | 'on'>;
  selfId(): string;
  notify(text: string): void;
  /** Files a line about an offer in the chat conversation it belongs to (a direct one, or the room's). */
  fileNote(offer: { id: string; from: string; fromName: string; to?: string; roomId?: string }): void;
  openStore(offerId: string): Promise<ChunkStore>;
  records: FileRecords;
  clock?: ClientClock;
}

const TICK_MS = 500;
/** Ticks between checks for a stalled transfer (5 s). */
const STALL_TICKS = 10;
/** How long after accepting a room offer its shares are cut for everyone it went to, not only those who took it. */
const SHARE_SETTLE_MS = 5000;

/**
 * Sharing files with people (docs/files.md): offers and acceptances go through the state server, which hands out
 * hashes and holders; chunks go over data channels between browsers. One place owns every transfer this page takes
 * part in; the cards in the chat only read it and call its actions.
 */
export class FileSharing {
  private readonly transfers = new Map<string, Transfer>();
  private readonly links: FileLinks;
  private readonly seeder: FileSeeder;
  /** The user behind each PeerJS id the server named as a holder. */
  private readonly peerUsers = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  /** What each transfer had received at the last check for stalls. */
  private readonly lastReceived = new Map<string, number>();
  private readonly clock: ClientClock;
  private readonly stopTicking: Cancel;

  constructor(private readonly deps: FileSharingDeps) {
    this.clock = deps.clock ?? browserClock;
    this.links = new FileLinks((peerId, channel) => this.channelOpened(peerId, channel));
    this.seeder = new FileSeeder(
      (offerId, peerId) => mayServe(this.transfers.get(offerId), peerId),
      this.clock,
    );
    const { connection } = deps;
    connection.on('file:offered', (offer) => this.offered(offer));
    connection.on('file:holders', ({ id, holders }) => this.holdersChanged(id, holders));
    connection.on('file:ended', (ended) => this.ended(ended.id, ended.userId, ended.reason));
    let ticks = 0;
    const tick = (): void => {
      const checkStalls = ++ticks % STALL_TICKS === 0;
      for (const t of this.transfers.values()) {
        if (t.dir !== 'in' || t.status.kind !== 'receiving') continue;
        const { download } = t.status;
        if (t.offer.roomId) download.setShare(this.shareFor(t));
        download.tick();
        if (checkStalls) this.unstall(t, download);
      }
      if ([...this.transfers.values()].some(busy)) this.changed();
      stop = this.clock.setTimeout(tick, TICK_MS);
    };
    let stop = this.clock.setTimeout(tick, TICK_MS);
    this.stopTicking = () => stop();
  }

  get(id: string): Transfer | undefined {
    return this.transfers.get(id);
  }

  list(): Transfer[] {
    return [...this.transfers.values()];
  }

  /** Tests only (the debug handle): chunk `index` goes out damaged the next `times` times this page serves it. */
  damageForTests(index: number, times: number): void {
    let left = times;
    this.seeder.tamper = (i, bytes) => {
      if (i !== index || left <= 0) return bytes;
      left--;
      const damaged = bytes.slice();
      damaged[0] = (damaged[0] ?? 0) ^ 0xff;
      return damaged;
    };
  }

  /** Bytes of chunks this page has sent of an offer, to everyone (the sender's upload). */
  sentBytes(id: string): number {
    return this.seeder.sentBytes(id);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A newly registered PeerJS peer (media registered again after a reconnect): links go over it from now. */
  peerOpened(peer: Peer): void {
    this.links.bind(peer);
    for (const t of this.transfers.values())
      if (t.dir === 'in' && t.status.kind === 'receiving') void this.refresh(t);
  }

  /** Resumes what was being taken before a reload: asks the server for each offer again. */
  resume(): void {
    for (const offer of this.deps.records.load()) {
      if (this.transfers.has(offer.id)) continue;
      this.transfers.set(offer.id, offeredTransfer(offer));
      void this.accept(offer.id);
    }
  }

  /** Hashes `file` (streaming) and offers it to `audience`. */
  async offer(file: File, audience: FileAudience): Promise<void> {
    const id = randomId();
    const out: Outgoing = {
      dir: 'out',
      id,
      file,
      name: file.name,
      size: file.size,
      audience,
      status: { kind: 'hashing', hashedBytes: 0 },
      holders: [],
      accepted: new Set(),
      declined: new Set(),
    };
    this.transfers.set(id, out);
    this.changed();
    const hashes = await hashFile(file, (hashedBytes) => {
      out.status = { kind: 'hashing', hashedBytes };
    });
    out.hashes = hashes;
    // Served from before the server answers: the first acceptance may come a moment after the offer goes out.
    this.seeder.serve(id, fileSource(file, hashes.chunkHashes));
    const reply = await this.deps.connection
      .request('file:offer', {
        id,
        to: audience,
        name: file.name || 'file',
        size: file.size,
        type: file.type.slice(0, 127),
        sha256: hashes.sha256,
        chunkListHash: hashes.chunkListHash,
      })
      .catch((err: unknown) => ({ ok: false as const, error: { message: String(err) } }));
    if (!reply.ok) {
      this.seeder.stop(id);
      out.status = { kind: 'refused', message: reply.error.message };
      this.deps.notify(`${file.name} was not offered: ${reply.error.message}`);
    } else {
      out.status = { kind: 'offered', deliveredTo: reply.deliveredTo };
      if (reply.roomId) out.roomId = reply.roomId;
      const self = this.deps.selfId();
      this.deps.fileNote({
        id,
        from: self,
        fromName: 'You',
        ...(audience.kind === 'person' ? { to: audience.userId } : {}),
        ...(reply.roomId ? { roomId: reply.roomId } : {}),
      });
    }
    this.changed();
  }

  /** Takes an offer: the server names its holders, and chunks start coming from them. */
  async accept(id: string): Promise<void> {
    const t = this.transfers.get(id);
    if (t?.dir !== 'in' || (t.status.kind !== 'offered' && t.status.kind !== 'failed')) return;
    const reply = await this.deps.connection.request('file:accept', { id }).catch(() => undefined);
    if (!reply?.ok) {
      this.deps.records.remove(id);
      t.status = reply
        ? { kind: 'ended', reason: 'withdrawn' }
        : { kind: 'failed', message: 'No answer from the server; try again.' };
      this.changed();
      return;
    }
    // The holders as the server has them now; news of others accepting may come while the store opens, and wins.
    this.holdersChanged(id, reply.holders);
    const store = await this.deps.openStore(id);
    const download = new FileDownload(reply.offer, {
      store,
      clock: this.clock,
      send: (holder, request) => {
        const peerId = t.holders.find((h) => h.userId === holder)?.peerId;
        const channel = peerId ? this.links.channel(peerId) : undefined;
        if (channel) channel.send(JSON.stringify(request));
      },
      dropped: (holder) => {
        const peerId = t.holders.find((h) => h.userId === holder)?.peerId;
        this.deps.notify(`Someone sent damaged pieces of ${t.offer.name} twice; the rest comes from others.`);
        if (peerId) this.links.channel(peerId)?.close();
      },
      changed: (state) => this.downloadChanged(t, state),
      ...(reply.offer.roomId
        ? { share: shareOf(reply.holders, this.deps.selfId(), reply.offer.recipients) }
        : {}),
    });
    t.status = { kind: 'receiving', download };
    t.acceptedAt = this.clock.now();
    this.deps.records.save(reply.offer);
    this.holdersChanged(id, t.holders);
    this.changed();
    await download.start();
  }

  decline(id: string): void {
    const t = this.transfers.get(id);
    if (t?.dir !== 'in' || t.status.kind !== 'offered') return;
    t.status = { kind: 'declined' };
    this.deps.connection.send('file:decline', { id });
    this.changed();
  }

  /** The sender withdraws the offer from everyone; a receiver stops taking it (what it held is deleted). */
  cancel(id: string): void {
    const t = this.transfers.get(id);
    if (!t) return;
    this.deps.connection.send('file:cancel', { id });
    this.seeder.stop(id);
    if (t.dir === 'out') t.status = { kind: 'withdrawn' };
    else {
      if (t.status.kind === 'receiving') void t.status.download.cancel();
      this.deps.records.remove(id);
      t.status = { kind: 'ended', reason: 'cancelled' };
    }
    this.changed();
  }

  /** Closes every file channel for `ms` (a dropped connection, for tests and the debug handle). */
  cutLinks(ms: number): void {
    this.links.cut(ms);
    this.clock.setTimeout(() => {
      for (const t of this.transfers.values())
        if (t.dir === 'in' && t.status.kind === 'receiving') void this.refresh(t);
    }, ms + 50);
  }

  dispose(): void {
    this.stopTicking();
  }

  private offered(offer: FileOffered): void {
    if (this.transfers.has(offer.id)) return;
    this.transfers.set(offer.id, offeredTransfer(offer));
    this.deps.fileNote({
      id: offer.id,
      from: offer.from,
      fromName: offer.fromName,
      ...(offer.roomId ? { roomId: offer.roomId } : { to: this.deps.selfId() }),
    });
    this.changed();
  }

  private holdersChanged(id: string, holders: FileHolder[]): void {
    const t = this.transfers.get(id);
    if (!t) return;
    const self = this.deps.selfId();
    const gone = t.holders.filter(
      (h) => !holders.some((n) => n.userId === h.userId && n.peerId === h.peerId),
    );
    t.holders = holders;
    for (const h of holders) this.peerUsers.set(h.peerId, h.userId);
    if (t.dir === 'out') {
      for (const h of holders) if (h.userId !== self) t.accepted.add(h.userId);
      this.changed();
      return;
    }
    if (t.status.kind !== 'receiving') return;
    const download = t.status.download;
    for (const h of gone) download.holderLost(h.userId);
    if (t.offer.roomId) download.setShare(this.shareFor(t));
    for (const h of holders) {
      if (h.userId === self) continue;
      if (this.links.channel(h.peerId)) download.holderLinked(h.userId);
      else this.links.connect(h.peerId);
    }
  }

  private ended(id: string, userId: string, reason: FileEndReason): void {
    const t = this.transfers.get(id);
    if (!t) return;
    if (t.dir === 'out') {
      if (reason === 'declined' || reason === 'cancelled') t.declined.add(userId);
      else {
        t.status = { kind: 'withdrawn' };
        this.seeder.stop(id);
      }
    } else if (userId !== t.offer.from) {
      return;
    } else if (stillComing(t)) {
      if (t.status.kind === 'receiving') void t.status.download.cancel();
      this.seeder.stop(id);
      this.deps.records.remove(id);
      t.status = { kind: 'ended', reason };
      this.deps.notify(endedText(t.offer, reason));
    }
    this.changed();
  }

  private downloadChanged(t: Incoming, state: DownloadState): void {
    switch (state.kind) {
      case 'fetching':
        // From the moment its list is checked, a receiver serves what it holds to the others.
        this.seeder.serve(t.id, (t.status as { download?: FileDownload }).download?.source ?? emptySource());
        break;
      case 'ready':
        if (t.status.kind === 'receiving')
          t.status = { kind: 'ready', file: state.file, download: t.status.download };
        this.deps.records.remove(t.id);
        break;
      case 'failed':
        t.status = { kind: 'failed', message: failureText(t.offer, state.reason) };
        this.deps.records.remove(t.id);
        this.deps.notify(t.status.message);
        break;
      default:
        break;
    }
    this.changed();
  }

  /**
   * A transfer that got nothing for a while asks the server who holds the offer now and links to them again: a
   * holder's channel that closed, or its PeerJS id that changed (it registered again), is found again this way.
   */
  private unstall(t: Incoming, download: FileDownload): void {
    const received = download.progress.receivedBytes;
    if (received === this.lastReceived.get(t.id)) void this.refresh(t);
    this.lastReceived.set(t.id, received);
  }

  /** Asks the server who holds an offer now (their PeerJS ids change when they register again), and links to them. */
  private async refresh(t: Incoming): Promise<void> {
    const reply = await this.deps.connection.request('file:accept', { id: t.id }).catch(() => undefined);
    if (reply?.ok) this.holdersChanged(t.id, reply.holders);
  }

  private channelOpened(peerId: string, channel: FileChannel): void {
    channel.onMessage((data) => this.route(peerId, channel, data));
    channel.onClose(() => {
      this.seeder.forget(channel);
      const userId = this.peerUsers.get(peerId);
      if (!userId || this.links.channel(peerId)) return;
      for (const t of this.transfers.values())
        if (t.dir === 'in' && t.status.kind === 'receiving') t.status.download.holderLost(userId);
    });
    const userId = this.peerUsers.get(peerId);
    if (!userId) return;
    for (const t of this.transfers.values()) {
      if (t.dir === 'in' && t.status.kind === 'receiving' && t.holders.some((h) => h.peerId === peerId))
        t.status.download.holderLinked(userId);
    }
  }

  private route(peerId: string, channel: FileChannel, data: string | ArrayBuffer): void {
    const userId = this.peerUsers.get(peerId);
    if (typeof data === 'string') {
      const request = decodeRequest(data);
      if (!request) return;
      if (request.t === 'list' || request.t === 'want' || request.t === 'drop') {
        this.seeder.handle(peerId, channel, request);
        return;
      }
      const t = this.transfers.get(request.id);
      if (userId && t?.dir === 'in' && t.status.kind === 'receiving')
        t.status.download.heard(userId, request);
      return;
    }
    const frame = decodeFrame(data);
    const t = frame ? this.transfers.get(frame.id) : undefined;
    if (frame && userId && t?.dir === 'in' && t.status.kind === 'receiving')
      void t.status.download.frame(userId, frame);
  }

  /**
   * This page's share of a room offer: for the first moments after accepting, cut for everyone it was offered to
   * (the others are accepting too); after that, for those who did, so shares nobody took are not left waiting.
   */
  private shareFor(t: Incoming): { rank: number; of: number } {
    const settling = this.clock.now() - (t.acceptedAt ?? 0) < SHARE_SETTLE_MS;
    return shareOf(t.holders, this.deps.selfId(), settling ? t.offer.recipients : undefined);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
