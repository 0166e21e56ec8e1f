import type { FileEndReason, FileOffered } from '@campus/protocol';
import type { DownloadFailure, DownloadProgress } from './FileDownload';
import { formatBytes, formatDuration } from './saveName';

/** What a file offer's card says first: who offers what, how large, to whom. */
export function offerLine(offer: { name: string; size: number; fromName: string; roomId?: string }): string {
  const what = `${offer.name} (${formatBytes(offer.size)})`;
  return offer.roomId
    ? `${offer.fromName} offers ${what} to the room`
    : `${offer.fromName} wants to send you ${what}`;
}

/** The sender's line: what they offered, to whom. */
export function offeredLine(name: string, size: number, to: string): string {
  return `You offered ${name} (${formatBytes(size)}) to ${to}`;
}

/** "12 MB of 40 MB · 25 MB/s · 2 s left". */
export function progressLine(progress: DownloadProgress): string {
  const parts = [`${formatBytes(progress.receivedBytes)} of ${formatBytes(progress.size)}`];
  if (progress.bytesPerSecond > 0) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.secondsLeft !== undefined && progress.receivedBytes < progress.size)
    parts.push(`${formatDuration(progress.secondsLeft)} left`);
  return parts.join(' · ');
}

/** Why an offer one was taking (or could take) is over, said to the receiver. */
export function endedText(offer: Pick<FileOffered, 'name' | 'fromName'>, reason: FileEndReason): string {
  switch (reason) {
    case 'withdrawn':
      return `${offer.fromName} withdrew ${offer.name}.`;
    case 'sender-left':
      return `${offer.fromName} left; ${offer.name} is no longer offered.`;
    case 'expired':
      return `The offer of ${offer.name} expired.`;
    case 'declined':
      return `You declined ${offer.name}.`;
    case 'cancelled':
      return `You cancelled ${offer.name}.`;
    default: {
      const unreachable: never = reason;
      return String(unreachable);
    }
  }
}

/** Why a file that came in was refused. */
export function failureText(offer: Pick<FileOffered, 'name' | 'fromName'>, reason: DownloadFailure): string {
  switch (reason) {
    case 'mismatch':
      return `${offer.name} was refused: it does not match what ${offer.fromName}'s browser announced (damaged or tampered with).`;
    case 'bad-list':
      return `${offer.name} was refused: ${offer.fromName}'s browser described its pieces differently from its offer.`;
    case 'storage':
      return `${offer.name} could not be kept in this browser: its storage may be full.`;
    default: {
      const unreachable: never = reason;
      return String(unreachable);
    }
  }
}
