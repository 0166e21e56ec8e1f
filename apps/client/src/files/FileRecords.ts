import { OfferId, type FileOffered } from '@campus/protocol';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** How long an accepted offer is remembered for resuming: as long as the server keeps an offer alive. */
const KEEP_MS = 2 * 60 * 60 * 1000;

interface Stored {
  offer: FileOffered;
  /** Local clock, ms since the epoch. */
  acceptedAt: number;
}

/**
 * The offers this browser accepted and has not finished taking, in localStorage per local user, so a reload
 * resumes them (their chunks are in the origin private file system). The bytes are never kept here.
 */
export class FileRecords {
  private readonly key: string;

  constructor(
    private readonly storage: KeyValueStorage,
    userId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = `campus:files:${userId}`;
  }

  /** The accepted offers still worth resuming; anything unreadable or old is left out. */
  load(): FileOffered[] {
    return this.read()
      .filter((r) => this.now() - r.acceptedAt < KEEP_MS)
      .map((r) => r.offer);
  }

  save(offer: FileOffered): void {
    const kept = this.read().filter((r) => r.offer.id !== offer.id && this.now() - r.acceptedAt < KEEP_MS);
    this.write([...kept, { offer, acceptedAt: this.now() }]);
  }

  remove(id: string): void {
    const records = this.read();
    const kept = records.filter((r) => r.offer.id !== id);
    if (kept.length !== records.length) this.write(kept);
  }

  private read(): Stored[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isStored) : [];
    } catch {
      return [];
    }
  }

  private write(records: Stored[]): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(records));
    } catch {
      // A full quota only costs the resume after a reload; the transfer itself goes on.
    }
  }
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const { offer, acceptedAt } = value as Partial<Stored>;
  return (
    typeof acceptedAt === 'number' &&
    typeof offer === 'object' &&
    offer !== null &&
    OfferId.safeParse(offer.id).success &&
    typeof offer.from === 'string' &&
    typeof offer.name === 'string' &&
    Number.isSafeInteger(offer.size) &&
    offer.size > 0 &&
    typeof offer.sha256 === 'string' &&
    typeof offer.chunkListHash === 'string'
  );
}
