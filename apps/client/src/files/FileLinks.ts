import type Peer from 'peerjs';
import type { DataConnection } from 'peerjs';
import type { FileChannel } from './fileWire';

/** The data channels of file transfers carry this label; media calls and anything else are not ours. */
export const FILE_CHANNEL_LABEL = 'campus-files';
/** The send buffer's low mark: serving goes on once a full buffer has drained below it. */
const LOW_WATER = 1024 * 1024;

/**
 * File transfers' data channels over this page's PeerJS peer (the one media registered): one to each peer we
 * exchange chunks with, opened by whichever side needs it first. Both sides opening at once leaves two channels,
 * which is harmless: each answers on the channel a request came on.
 */
export class FileLinks {
  private peer: Peer | undefined;
  private readonly channels = new Map<string, FileChannel>();
  private readonly opening = new Set<string>();
  private readonly all = new Set<DataConnection>();
  /** While set, no channel opens (a test's Wi-Fi drop). */
  private cutUntil = 0;

  constructor(private readonly opened: (peerId: string, channel: FileChannel) => void) {}

  /** Uses a newly registered peer: channels on an older one are gone with it. */
  bind(peer: Peer): void {
    this.peer = peer;
    this.channels.clear();
    this.opening.clear();
    peer.on('connection', (connection) => {
      if (connection.label !== FILE_CHANNEL_LABEL || Date.now() < this.cutUntil) {
        if (connection.label === FILE_CHANNEL_LABEL) connection.close();
        return;
      }
      this.adopt(connection);
    });
  }

  /** The open channel to this peer, if there is one. */
  channel(peerId: string): FileChannel | undefined {
    const channel = this.channels.get(peerId);
    return channel?.open ? channel : undefined;
  }

  /** Opens a channel to this peer unless one is open or opening; `opened` hears of it. */
  connect(peerId: string): void {
    const peer = this.peer;
    if (!peer || peer.destroyed || this.channel(peerId) || this.opening.has(peerId)) return;
    if (Date.now() < this.cutUntil) return;
    const connection = peer.connect(peerId, {
      label: FILE_CHANNEL_LABEL,
      reliable: true,
      serialization: 'raw',
    });
    if (!connection) return;
    this.opening.add(peerId);
    connection.on('close', () => this.opening.delete(peerId));
    connection.on('error', () => this.opening.delete(peerId));
    this.adopt(connection);
  }

  /** Closes every channel and opens none for `ms` (what a dropped connection does to a transfer). */
  cut(ms: number): void {
    this.cutUntil = Date.now() + ms;
    for (const connection of this.all) connection.close();
    this.all.clear();
    this.channels.clear();
    this.opening.clear();
  }

  private adopt(connection: DataConnection): void {
    this.all.add(connection);
    connection.on('open', () => {
      this.opening.delete(connection.peer);
      const channel = new RtcFileChannel(connection);
      this.channels.set(connection.peer, channel);
      this.opened(connection.peer, channel);
    });
    connection.on('close', () => this.all.delete(connection));
  }
}

/** A FileChannel over a PeerJS data connection's RTCDataChannel, used directly for binary frames and backpressure. */
class RtcFileChannel implements FileChannel {
  private readonly channel: RTCDataChannel;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(private readonly connection: DataConnection) {
    this.channel = connection.dataChannel;
    this.channel.binaryType = 'arraybuffer';
    this.channel.bufferedAmountLowThreshold = LOW_WATER;
    const ended = (): void => {
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.closeListeners) listener();
    };
    this.channel.addEventListener('close', ended);
    connection.on('close', ended);
  }

  get open(): boolean {
    return !this.closed && this.channel.readyState === 'open';
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  send(data: string | ArrayBuffer): void {
    try {
      this.channel.send(data as string);
    } catch {
      this.connection.close();
    }
  }

  drained(): Promise<void> {
    if (this.channel.bufferedAmount <= LOW_WATER || !this.open) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.channel.removeEventListener('bufferedamountlow', done);
        this.channel.removeEventListener('close', done);
        resolve();
      };
      this.channel.addEventListener('bufferedamountlow', done);
      this.channel.addEventListener('close', done);
    });
  }

  onMessage(listener: (data: string | ArrayBuffer) => void): void {
    this.channel.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (typeof data === 'string' || data instanceof ArrayBuffer) listener(data);
    });
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    this.connection.close();
  }
}
