import type { FileSharing } from './FileSharing';
import { sha256Hex } from './fileHashes';

/**
 * `window.campusFiles`: what end-to-end tests and the media benchmark read of file transfers, in dev and test builds
 * only: each transfer's state and counts, the SHA-256 of a finished file as this page holds it, a dropped connection,
 * and a sender that damages one chunk (to see it refused).
 */
export function exposeFilesDebugHandle(files: FileSharing): void {
  if (import.meta.env.MODE === 'production') return;
  const handle = {
    transfers: () =>
      files.list().map((t) => ({
        id: t.id,
        dir: t.dir,
        name: t.dir === 'in' ? t.offer.name : t.name,
        state: t.status.kind,
        ...(t.dir === 'out' && t.status.kind === 'hashing' ? { hashedBytes: t.status.hashedBytes } : {}),
        sentBytes: files.sentBytes(t.id),
        ...(t.dir === 'in' && (t.status.kind === 'receiving' || t.status.kind === 'ready')
          ? {
              download: t.status.download.current.kind,
              receivedBytes: t.status.download.progress.receivedBytes,
              fetchedFrom: Object.fromEntries(t.status.download.fetchedFrom),
              timing: t.status.download.timing,
            }
          : {}),
      })),
    /** The SHA-256 of the bytes a finished download would save, read back from where they are stored. */
    savedSha256: async (id: string): Promise<string | undefined> => {
      const t = files.get(id);
      if (t?.dir !== 'in' || t.status.kind !== 'ready') return undefined;
      return sha256Hex(await t.status.file.arrayBuffer());
    },
    cut: (ms: number) => files.cutLinks(ms),
    /** From now on, chunk `index` of every offer this page serves goes out damaged `times` times. */
    damage: (index: number, times = 1) => files.damageForTests(index, times),
  };
  (window as unknown as { campusFiles: typeof handle }).campusFiles = handle;
}
