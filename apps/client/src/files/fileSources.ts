import type { FileHolder, FileOffered } from '@campus/protocol';
import { ChunkBitfield } from './ChunkBitfield';
import { chunkCount, chunkRange } from './chunks';
import { READ_WINDOW } from './fileHashes';
import type { ChunkSource } from './FileSeeder';
import type { Incoming } from './transfers';

/** An offer just heard of: nothing taken yet, nobody known to hold it. */
export function offeredTransfer(offer: FileOffered): Incoming {
  return { dir: 'in', id: offer.id, offer, status: { kind: 'offered' }, holders: [] };
}

/**
 * A room offer's downloaders split the sender's upload: each asks the sender only for its own share of the chunks
 * (by its place in the order of accepting) and the rest of those who have them. Shares are cut for everyone the offer
 * went to, so the first to accept does not take it all before the others come; a share nobody takes goes to whoever
 * waited for it longest (the scheduler's patience).
 */
export function shareOf(holders: FileHolder[], self: string, recipients = 1): { rank: number; of: number } {
  const downloaders = holders.slice(1).map((h) => h.userId);
  const found = downloaders.indexOf(self);
  const rank = found < 0 ? downloaders.length : found;
  return { rank, of: Math.max(recipients, downloaders.length, rank + 1) };
}

/**
 * The sender's own file as a chunk source: every chunk held, read from disk when asked, a window of chunks per read
 * (the last two windows kept), since chunks are mostly asked for in order and each read is a trip to the browser.
 */
export function fileSource(file: Blob, chunkHashes: Uint8Array): ChunkSource {
  const count = chunkCount(file.size);
  const all = ChunkBitfield.fromIndexes(
    count,
    Array.from({ length: count }, (_, i) => i),
  );
  const windows = new Map<number, Promise<{ offset: number; bytes: Uint8Array }>>();
  const windowOf = (w: number): Promise<{ offset: number; bytes: Uint8Array }> => {
    let window = windows.get(w);
    if (!window) {
      const offset = chunkRange(file.size, w * READ_WINDOW).start;
      const end = chunkRange(file.size, Math.min(count, (w + 1) * READ_WINDOW) - 1).end;
      window = file
        .slice(offset, end)
        .arrayBuffer()
        .then((buffer) => ({ offset, bytes: new Uint8Array(buffer) }));
      windows.set(w, window);
      window.catch(() => windows.delete(w));
      for (const old of windows.keys()) if (windows.size > 2 && old !== w) windows.delete(old);
    }
    return window;
  };
  return {
    count,
    hashes: () => chunkHashes,
    bits: () => all,
    read: async (index) => {
      const { start, end } = chunkRange(file.size, index);
      const { offset, bytes } = await windowOf(Math.floor(index / READ_WINDOW));
      return bytes.subarray(start - offset, end - offset);
    },
  };
}

export function emptySource(): ChunkSource {
  return {
    count: 0,
    hashes: () => undefined,
    bits: () => new ChunkBitfield(0),
    read: () => Promise.reject(new Error('nothing held')),
  };
}

export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 24);
}
