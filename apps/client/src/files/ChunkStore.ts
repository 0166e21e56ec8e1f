/**
 * Where a receiver keeps the chunks it has checked, so a large file is never held in memory whole and a transfer
 * cut short (a dropped connection, a reload) resumes from what is already here. `OpfsChunkStore` is the browser's.
 */
export interface ChunkStore {
  /** The chunks held, by index. */
  held(): Promise<number[]>;
  put(index: number, bytes: Uint8Array): Promise<void>;
  read(index: number): Promise<Uint8Array>;
  /** The chunk hashes, once checked against the offer, so a resumed transfer need not ask for them again. */
  putList(hashes: Uint8Array): Promise<void>;
  list(): Promise<Uint8Array | undefined>;
  /** The whole file, chunk after chunk: a Blob backed by the stored chunks, not a copy in memory. */
  assemble(count: number): Promise<Blob>;
  /** Deletes everything held (a cancelled transfer, a refused file). */
  remove(): Promise<void>;
}

/** Chunks kept in memory: for tests, and for a browser without the origin private file system. */
export class MemoryChunkStore implements ChunkStore {
  private readonly chunks = new Map<number, Uint8Array>();
  private hashes: Uint8Array | undefined;

  held(): Promise<number[]> {
    return Promise.resolve([...this.chunks.keys()]);
  }

  put(index: number, bytes: Uint8Array): Promise<void> {
    this.chunks.set(index, bytes.slice());
    return Promise.resolve();
  }

  read(index: number): Promise<Uint8Array> {
    const bytes = this.chunks.get(index);
    return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`chunk ${index} is not held`));
  }

  putList(hashes: Uint8Array): Promise<void> {
    this.hashes = hashes.slice();
    return Promise.resolve();
  }

  list(): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.hashes);
  }

  assemble(count: number): Promise<Blob> {
    const parts: BlobPart[] = [];
    for (let i = 0; i < count; i++) {
      const chunk = this.chunks.get(i);
      if (!chunk) return Promise.reject(new Error(`chunk ${i} is missing`));
      parts.push(chunk as Uint8Array<ArrayBuffer>);
    }
    return Promise.resolve(new Blob(parts));
  }

  remove(): Promise<void> {
    this.chunks.clear();
    this.hashes = undefined;
    return Promise.resolve();
  }
}

const ROOT = 'campus-files';

/**
 * Chunks in the origin private file system, one file per chunk under `campus-files/<offer id>/`: each is written and
 * closed on its own, so what a reload interrupts is either there whole or not at all. (A file held by a chunk being
 * created but empty after a crash is caught by its hash: a resumed transfer checks what it holds, see FileDownload.)
 */
export class OpfsChunkStore implements ChunkStore {
  private constructor(
    private readonly parent: FileSystemDirectoryHandle,
    private readonly dir: FileSystemDirectoryHandle,
    private readonly offerId: string,
  ) {}

  /** The store for one offer, or undefined where the browser has no origin private file system. */
  static async open(offerId: string): Promise<OpfsChunkStore | undefined> {
    try {
      const root = await navigator.storage.getDirectory();
      const parent = await root.getDirectoryHandle(ROOT, { create: true });
      const dir = await parent.getDirectoryHandle(offerId, { create: true });
      return new OpfsChunkStore(parent, dir, offerId);
    } catch {
      return undefined;
    }
  }

  async held(): Promise<number[]> {
    const out: number[] = [];
    for await (const name of (this.dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
      if (/^\d+$/.test(name)) out.push(Number(name));
    }
    return out;
  }

  async put(index: number, bytes: Uint8Array): Promise<void> {
    await this.write(String(index), bytes);
  }

  async read(index: number): Promise<Uint8Array> {
    const file = await (await this.dir.getFileHandle(String(index))).getFile();
    return new Uint8Array(await file.arrayBuffer());
  }

  async putList(hashes: Uint8Array): Promise<void> {
    await this.write('list', hashes);
  }

  async list(): Promise<Uint8Array | undefined> {
    try {
      const file = await (await this.dir.getFileHandle('list')).getFile();
      return new Uint8Array(await file.arrayBuffer());
    } catch {
      return undefined;
    }
  }

  async assemble(count: number): Promise<Blob> {
    // Asked for many at once: one by one, each a trip to the browser's file service, adds up on a busy machine.
    const parts: Blob[] = [];
    for (let first = 0; first < count; first += 64) {
      const batch = Array.from({ length: Math.min(64, count - first) }, (_, i) =>
        this.dir.getFileHandle(String(first + i)).then((h) => h.getFile()),
      );
      parts.push(...(await Promise.all(batch)));
    }
    return new Blob(parts);
  }

  async remove(): Promise<void> {
    await this.parent.removeEntry(this.offerId, { recursive: true }).catch(() => undefined);
  }

  private async write(name: string, bytes: Uint8Array): Promise<void> {
    // A writable goes to a swap file the browser puts in place on close: a half-written chunk is never seen.
    const handle = await this.dir.getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    await writable.write(bytes as Uint8Array<ArrayBuffer>);
    await writable.close();
  }
}
