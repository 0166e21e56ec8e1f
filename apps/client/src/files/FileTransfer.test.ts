import type { FileOffered } from '@campus/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClientClock } from '../testing/ManualClientClock';
import { ChunkBitfield } from './ChunkBitfield';
import { MemoryChunkStore } from './ChunkStore';
import { chunkCount, chunkRange } from './chunks';
import { FileDownload, type DownloadState } from './FileDownload';
import { hashFile, sha256Hex } from './fileHashes';
import { FileSeeder, type ChunkSource } from './FileSeeder';
import { FrameKind, decodeFrame, decodeRequest, encodeFrame, type FileChannel } from './fileWire';

/** One end of an in-memory channel pair: what one end sends, the other receives a moment later (a macrotask). */
class MemoryChannel implements FileChannel {
  other!: MemoryChannel;
  open = true;
  bufferedAmount = 0;
  private readonly listeners: Array<(data: string | ArrayBuffer) => void> = [];
  private readonly closers: Array<() => void> = [];
  /** Chunk frames this end sent. */
  chunksSent = 0;

  send(data: string | ArrayBuffer): void {
    if (!this.open) return;
    if (typeof data !== 'string' && decodeFrame(data)?.kind === 1) this.chunksSent++;
    const copy = typeof data === 'string' ? data : data.slice(0);
    setTimeout(() => {
      if (this.other.open) for (const l of this.other.listeners) l(copy);
    }, 0);
  }
  drained(): Promise<void> {
    return Promise.resolve();
  }
  onMessage(listener: (data: string | ArrayBuffer) => void): void {
    this.listeners.push(listener);
  }
  onClose(listener: () => void): void {
    this.closers.push(listener);
  }
  close(): void {
    for (const end of [this, this.other]) {
      if (!end.open) continue;
      end.open = false;
      for (const c of end.closers) c();
    }
  }
}

function pair(): [MemoryChannel, MemoryChannel] {
  const a = new MemoryChannel();
  const b = new MemoryChannel();
  a.other = b;
  b.other = a;
  return [a, b];
}

const CHUNK = 128 * 1024;

function content(size: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

async function offerOf(bytes: Uint8Array): Promise<{ offer: FileOffered; source: ChunkSource }> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const hashes = await hashFile(blob);
  const count = chunkCount(bytes.length);
  const offer: FileOffered = {
    id: 'offer-0001',
    from: 'bo',
    fromName: 'Bo',
    name: 'notes.pdf',
    size: bytes.length,
    type: 'application/pdf',
    sha256: hashes.sha256,
    chunkListHash: hashes.chunkListHash,
    at: 0,
  };
  const all = ChunkBitfield.fromIndexes(
    count,
    Array.from({ length: count }, (_, i) => i),
  );
  const source: ChunkSource = {
    count,
    hashes: () => hashes.chunkHashes,
    bits: () => all,
    read: (i) => {
      const { start, end } = chunkRange(bytes.length, i);
      return Promise.resolve(bytes.slice(start, end));
    },
  };
  return { offer, source };
}

/** Bo serves over one channel; Ada downloads over the other end. */
function connect(seeder: FileSeeder, download: FileDownload, holder: string): [MemoryChannel, MemoryChannel] {
  const [boEnd, adaEnd] = pair();
  boEnd.onMessage((data) => {
    const request = typeof data === 'string' ? decodeRequest(data) : undefined;
    if (request) seeder.handle(holder === 'bo' ? 'ada-peer' : 'x', boEnd, request);
  });
  adaEnd.onMessage((data) => {
    if (typeof data === 'string') {
      const request = decodeRequest(data);
      if (request) download.heard(holder, request);
    } else {
      const frame = decodeFrame(data);
      if (frame) void download.frame(holder, frame);
    }
  });
  return [boEnd, adaEnd];
}

async function settle(until: () => boolean, clock?: ManualClientClock): Promise<void> {
  for (let i = 0; i < 20_000 && !until(); i++) {
    await new Promise((r) => setTimeout(r, 0));
    clock?.advance(10);
  }
}

function downloader(
  offer: FileOffered,
  store: MemoryChunkStore,
  clock: ManualClientClock,
  channels: Map<string, FileChannel>,
  states: DownloadState[],
): FileDownload {
  return new FileDownload(offer, {
    store,
    clock,
    send: (holder, request) => channels.get(holder)?.send(JSON.stringify(request)),
    dropped: (holder) => channels.get(holder)?.close(),
    changed: (state) => states.push(state),
  });
}

/** Bo serves `bytes` (through `tamper`, if given); Ada starts taking the offer (as `lie` changes it) from him. */
async function fromBo(
  bytes: Uint8Array,
  options: { tamper?: FileSeeder['tamper']; lie?: Partial<FileOffered> } = {},
): Promise<{
  download: FileDownload;
  seeder: FileSeeder;
  boEnd: MemoryChannel;
  states: DownloadState[];
  offer: FileOffered;
}> {
  const { offer, source } = await offerOf(bytes);
  const clock = new ManualClientClock();
  const seeder = new FileSeeder(() => true, clock);
  seeder.serve(offer.id, source);
  seeder.tamper = options.tamper;
  const channels = new Map<string, FileChannel>();
  const states: DownloadState[] = [];
  const download = downloader({ ...offer, ...options.lie }, new MemoryChunkStore(), clock, channels, states);
  const [boEnd, adaEnd] = connect(seeder, download, 'bo');
  channels.set('bo', adaEnd);
  await download.start();
  download.holderLinked('bo');
  return { download, seeder, boEnd, states, offer };
}

describe('a file between two browsers', () => {
  it('arrives whole, and the bytes ready for saving are the sender’s', async () => {
    const bytes = content(5 * CHUNK + 1000);
    const { download, seeder, boEnd, offer } = await fromBo(bytes);
    await settle(() => download.current.kind === 'ready');
    const ready = download.current;
    expect(ready.kind).toBe('ready');
    if (ready.kind !== 'ready') return;
    expect(await sha256Hex(await ready.file.arrayBuffer())).toBe(await sha256Hex(bytes));
    expect(boEnd.chunksSent).toBe(6);
    expect(seeder.sentBytes(offer.id)).toBe(bytes.length);
  });

  it('refuses a damaged chunk and fetches it again', async () => {
    const bytes = content(4 * CHUNK);
    let damaged = 0;
    const { download, boEnd } = await fromBo(bytes, {
      tamper: (index, chunk) => {
        if (index !== 2 || damaged > 0) return chunk;
        damaged++;
        const bad = chunk.slice();
        bad[10] = (bad[10] ?? 0) ^ 1;
        return bad;
      },
    });
    await settle(() => download.current.kind === 'ready');
    expect(download.current.kind).toBe('ready');
    expect(damaged).toBe(1);
    expect(boEnd.chunksSent).toBe(5); // four, and chunk 2 once more
  });

  it('drops a holder that sends bad data twice, and takes the chunks from another', async () => {
    const bytes = content(4 * CHUNK);
    const { offer, source } = await offerOf(bytes);
    const clock = new ManualClientClock();
    const liar = new FileSeeder(() => true, clock);
    liar.serve(offer.id, source);
    liar.tamper = (_index, chunk) => chunk.map((b) => b ^ 0x55);
    const honest = new FileSeeder(() => true, clock);
    honest.serve(offer.id, source);
    const channels = new Map<string, FileChannel>();
    const states: DownloadState[] = [];
    const download = downloader(offer, new MemoryChunkStore(), clock, channels, states);
    // The liar is the sender here (it has every chunk); the honest one is a peer that says it has them all.
    const [, toLiar] = connect(liar, download, 'bo');
    const [, toPeer] = connect(honest, download, 'cy');
    channels.set('bo', toLiar);
    channels.set('cy', toPeer);
    await download.start();
    download.holderLinked('bo');
    await settle(() => download.current.kind === 'fetching');
    download.holderLinked('cy');
    download.heard('cy', { t: 'have', id: offer.id, bits: source.bits().toBase64() });
    await settle(() => download.current.kind === 'ready', clock);
    expect(download.current.kind).toBe('ready');
    expect(toLiar.open).toBe(false);
  });

  it('resumes from the chunks it holds: a transfer cut halfway asks only for the rest', async () => {
    const bytes = content(96 * CHUNK);
    const { offer, source } = await offerOf(bytes);
    const clock = new ManualClientClock();
    const seeder = new FileSeeder(() => true, clock);
    seeder.serve(offer.id, source);
    const store = new MemoryChunkStore();
    const channels = new Map<string, FileChannel>();
    const first = downloader(offer, store, clock, channels, []);
    const [boEnd, adaEnd] = connect(seeder, first, 'bo');
    channels.set('bo', adaEnd);
    await first.start();
    first.holderLinked('bo');
    await settle(() => first.progress.receivedBytes >= 40 * CHUNK);
    adaEnd.close(); // the Wi-Fi drops
    first.holderLost('bo');
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0)); // chunks already in are stored
    const sentBefore = boEnd.chunksSent;
    const held = (await store.held()).length;
    expect(held).toBeGreaterThanOrEqual(40);
    expect(held).toBeLessThan(96);

    // A reload: a new download over the same store.
    const second = downloader(offer, store, clock, channels, []);
    const [boAgain, adaAgain] = connect(seeder, second, 'bo');
    channels.set('bo', adaAgain);
    await second.start();
    second.holderLinked('bo');
    await settle(() => second.current.kind === 'ready');
    expect(second.current.kind).toBe('ready');
    expect(boAgain.chunksSent).toBe(96 - held);
    // What was in flight when it dropped (at most a holder's 32 requests) is all that went twice.
    expect(sentBefore + boAgain.chunksSent).toBeLessThanOrEqual(96 + 32);
  });

  it('refuses a file whose whole does not match its hash', async () => {
    const bytes = content(2 * CHUNK);
    // Every chunk checks out against the list, but the offer's whole-file hash names another file.
    const { download, states } = await fromBo(bytes, { lie: { sha256: '0'.repeat(64) } });
    await settle(() => download.current.kind === 'failed');
    expect(download.current).toEqual({ kind: 'failed', reason: 'mismatch' });
    expect(states.some((s) => s.kind === 'ready')).toBe(false);
  });

  it('refuses the file when the sender itself sends bad data twice and nobody else holds it', async () => {
    const { download } = await fromBo(content(3 * CHUNK), { tamper: (_i, chunk) => chunk.map((b) => b ^ 1) });
    await settle(() => download.current.kind === 'failed');
    expect(download.current).toEqual({ kind: 'failed', reason: 'mismatch' });
  });

  it('refuses a chunk list a holder keeps repeating instead of continuing', async () => {
    // A file of 5000 chunks: its list comes in two pages, the first from index 0, the second from 4096.
    const { offer: small } = await offerOf(content(CHUNK));
    const offer = { ...small, size: 5000 * CHUNK };
    const download = downloader(offer, new MemoryChunkStore(), new ManualClientClock(), new Map(), []);
    await download.start();
    download.holderLinked('bo');
    const first = encodeFrame(FrameKind.LIST, offer.id, 0, new Uint8Array(4096 * 32));
    await download.frame('bo', decodeFrame(first)!);
    expect(download.current.kind).toBe('listing');
    await download.frame('bo', decodeFrame(first)!); // page 0 again, not page 4096
    expect(download.current).toEqual({ kind: 'failed', reason: 'bad-list' });
  });

  it('serves nobody the holders do not name', async () => {
    const bytes = content(CHUNK);
    const { offer, source } = await offerOf(bytes);
    const clock = new ManualClientClock();
    const seeder = new FileSeeder(() => false, clock);
    seeder.serve(offer.id, source);
    const [boEnd, stranger] = pair();
    const heard: string[] = [];
    stranger.onMessage((data) => heard.push(typeof data === 'string' ? data : 'binary'));
    seeder.handle('stranger-peer', boEnd, { t: 'want', id: offer.id, index: 0 });
    await settle(() => heard.length > 0);
    expect(boEnd.chunksSent).toBe(0);
    expect(heard).toEqual([JSON.stringify({ t: 'none', id: offer.id, index: 0, why: 'not-allowed' })]);
  });
});
