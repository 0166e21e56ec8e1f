import Peer, { type MediaConnection } from 'peerjs';
import type { IceServer } from '@campus/protocol';
import { browserClock, type Cancel, type ClientClock } from '../clock';
import { summariseLinkStats, type LinkStats } from './linkStats';

export type { LinkStats } from './linkStats';

export interface PeerMeshOptions {
  peerId: string;
  token: string;
  iceServers: IceServer[];
  /** 'relay' forces every call through TURN (used to test the TURN path). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  localStream: MediaStream;
  /** Whether to answer a call from this peer id; the caller is otherwise refused. */
  accept: (fromPeerId: string) => boolean;
  onRemoteStream: (peerId: string, stream: MediaStream) => void;
  onClosed: (peerId: string) => void;
  onRefused?: (peerId: string) => void;
  /** Whether to take a screen share from this peer id (a member of our classroom). */
  acceptScreen?: (fromPeerId: string) => boolean;
  onRemoteScreen?: (peerId: string, stream: MediaStream) => void;
  onScreenClosed?: (peerId: string) => void;
  /** Its timers (the browser's unless a test moves them). */
  clock?: ClientClock;
}

/** What a call carries, in PeerJS call metadata: a person's camera and microphone, or a screen share (one way). */
type CallKind = 'person' | 'screen';

/**
 * A screen-share call that has not connected in `first` ms is given up, so the sharer places it again; each further
 * attempt to the same peer waits half as long again, up to `max`, so a call that is lost still gets several tries
 * within a few seconds. A call the receiver has answered is still connecting, on a busy machine: it is given up to
 * `answeredMs` in all before it is placed again.
 */
const SCREEN_CONNECT_TIMEOUT_MS = { first: 3000, max: 6000, answeredMs: 15_000 };
/** The first and the longest wait before registering again with the signaling server after losing it. */
const SIGNALING_RETRY_MS = { first: 500, max: 8000 };

/**
 * The PeerJS side of proximity media: one Peer registered with the id and token the state server issued, and one
 * call per link. It places calls when told, answers only the calls `accept` allows, and applies the bitrate budget to
 * every video sender.
 */
export class PeerMesh {
  /** Also carries the file transfers' data channels (docs/files.md). */
  readonly peer: Peer;
  private readonly calls = new Map<string, MediaConnection>();
  /** Peers we send our microphone and camera to; every other call is connected but sends nothing. */
  private readonly sendingTo = new Set<string>();
  /** The track each sender was last told to carry. */
  private readonly requested = new WeakMap<RTCRtpSender, MediaStreamTrack | null>();
  private videoBitrate = 0;
  /** The video cap each call's sender was given: one whose cap did not take (not negotiated yet) is tried again. */
  private readonly capped = new WeakMap<MediaConnection, number>();
  /** Our screen share, one call per receiving peer. */
  private readonly screensOut = new Map<string, MediaConnection>();
  /** Screen shares we receive, by sharer's peer id. */
  private readonly screensIn = new Map<string, MediaConnection>();
  /** How long the next screen-share call to a peer may take to connect, while earlier ones have not. */
  private readonly screenWaits = new Map<string, number>();
  refusedCalls = 0;
  private destroyed = false;
  private retryMs = SIGNALING_RETRY_MS.first;
  private retryTimer: Cancel | undefined;
  private opening: Promise<void> | undefined;
  private readonly clock: ClientClock;

  constructor(private readonly options: PeerMeshOptions) {
    this.clock = options.clock ?? browserClock;
    const secure = window.location.protocol === 'https:';
    const port = Number(window.location.port) || (secure ? 443 : 80);
    this.peer = new Peer(options.peerId, {
      host: window.location.hostname,
      port,
      path: '/peerjs',
      secure,
      token: options.token,
      config: { iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all' },
      debug: 0,
    });
    this.peer.on('call', (call) => this.incoming(call));
    this.peer.on('error', (err) => console.warn(`campus media: ${err.type}: ${err.message}`));
    // Calls already connected go on peer to peer; new ones need signaling. When the signaling node dies, Caddy sends
    // everyone to the next one, where the same id and token (kept in Redis) register again.
    this.peer.on('disconnected', () => this.registerAgainLater());
    this.peer.on('open', () => (this.retryMs = SIGNALING_RETRY_MS.first));
  }

  private registerAgainLater(): void {
    if (this.destroyed || this.retryTimer !== undefined) return;
    const wait = this.retryMs * (0.5 + Math.random() / 2);
    this.retryMs = Math.min(this.retryMs * 2, SIGNALING_RETRY_MS.max);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.destroyed || this.peer.destroyed || !this.peer.disconnected) return;
      this.peer.reconnect();
    }, wait);
  }

  /**
   * Resolves once the signaling server has registered this peer (rejects on the first error before that). Every
   * caller until then shares one wait, whose two listeners both go as soon as either fires.
   */
  ready(): Promise<void> {
    if (this.peer.open) return Promise.resolve();
    this.opening ??= new Promise<void>((resolve, reject) => {
      const settle = (then: () => void): void => {
        this.peer.off('open', opened);
        this.peer.off('error', failed);
        this.opening = undefined;
        then();
      };
      const opened = (): void => settle(resolve);
      const failed = (err: unknown): void => settle(() => reject(err));
      this.peer.once('open', opened);
      this.peer.once('error', failed);
    });
    return this.opening;
  }

  isConnected(peerId: string): boolean {
    return this.calls.has(peerId);
  }

  /**
   * Places a call to a peer (the caller side of a pair). The connection is set up at once but carries no media until
   * `setSending(peerId, true)`: so calls can be prepared while people approach and talk starts the moment they link.
   */
  call(peerId: string): void {
    if (this.calls.has(peerId)) return;
    const call = this.peer.call(peerId, this.options.localStream);
    if (!call) return;
    this.track(call);
  }

  /** Sends our screen to a peer on a call of its own (placed once; placed again if it drops or never connects). */
  shareScreen(peerId: string, stream: MediaStream): void {
    if (this.screensOut.has(peerId)) return;
    const metadata: { kind: CallKind } = { kind: 'screen' };
    const call = this.peer.call(peerId, stream, { metadata });
    if (!call) return;
    this.screensOut.set(peerId, call);
    this.watchScreen(call, this.screensOut, () => {});
    const wait = this.screenWaits.get(peerId) ?? SCREEN_CONNECT_TIMEOUT_MS.first;
    const placedAt = this.clock.now();
    let timer: Cancel;
    const check = (): void => {
      const pc = call.peerConnection;
      if (pc?.connectionState === 'connected' || this.screensOut.get(peerId) !== call) return;
      // Answered and still connecting: a busy receiver, not a lost call. It gets until `answeredMs` in all.
      const answered =
        pc?.signalingState === 'stable' && !!pc.remoteDescription && pc.connectionState !== 'failed';
      if (answered && this.clock.now() - placedAt < SCREEN_CONNECT_TIMEOUT_MS.answeredMs) {
        timer = this.clock.setTimeout(check, 1000);
        return;
      }
      this.screenWaits.set(peerId, Math.min(wait * 1.5, SCREEN_CONNECT_TIMEOUT_MS.max));
      this.screensOut.delete(peerId);
      call.close();
    };
    timer = this.clock.setTimeout(check, wait);
    call.peerConnection?.addEventListener('connectionstatechange', () => {
      if (call.peerConnection?.connectionState !== 'connected') return;
      timer();
      this.screenWaits.delete(peerId);
    });
  }

  /** Stops sending our screen to every peer not in `keep` (to everyone, by default). */
  stopScreen(keep: ReadonlySet<string> = new Set()): void {
    for (const [peerId, call] of [...this.screensOut]) {
      if (keep.has(peerId)) continue;
      this.screensOut.delete(peerId);
      this.screenWaits.delete(peerId);
      call.close();
    }
  }

  /** Drops the screen shares we receive from every peer not in `keep`. */
  dropScreens(keep: ReadonlySet<string> = new Set()): void {
    for (const [peerId, call] of [...this.screensIn]) {
      if (keep.has(peerId)) continue;
      this.screensIn.delete(peerId);
      call.close();
      this.options.onScreenClosed?.(peerId);
    }
  }

  /** Peers our screen share is connected to, for tests. */
  screenReceivers(): string[] {
    return [...this.screensOut]
      .filter(([, call]) => call.peerConnection?.connectionState === 'connected')
      .map(([peerId]) => peerId);
  }

  hangUp(peerId: string): void {
    const call = this.calls.get(peerId);
    this.sendingTo.delete(peerId);
    if (!call) return;
    this.calls.delete(peerId);
    call.close();
  }

  /** Starts or stops sending our microphone and camera on the call with this peer. */
  setSending(peerId: string, on: boolean): void {
    if (on === this.sendingTo.has(peerId)) return;
    if (on) this.sendingTo.add(peerId);
    else this.sendingTo.delete(peerId);
    const call = this.calls.get(peerId);
    if (call) this.applySending(call);
  }

  /** What each of this call's senders carries: for tests and debugging. */
  senderTracks(peerId: string): Array<string | null> {
    return (this.calls.get(peerId)?.peerConnection?.getTransceivers() ?? []).map(
      (t) => t.sender.track?.kind ?? null,
    );
  }

  /** The receiver of the audio on our call with this peer, if there is a call. */
  audioReceiver(peerId: string): RTCRtpReceiver | undefined {
    return this.calls
      .get(peerId)
      ?.peerConnection?.getReceivers()
      .find((r) => r.track.kind === 'audio');
  }

  isSending(peerId: string): boolean {
    return this.sendingTo.has(peerId);
  }

  /** New ICE servers (fresh TURN credentials) for the calls placed from now on. */
  setIceServers(iceServers: IceServer[]): void {
    const options = this.peer.options as { config?: RTCConfiguration };
    options.config = { ...options.config, iceServers };
  }

  /** Caps every link's video at `bitsPerSecond` (0: audio only). */
  setVideoBitrate(bitsPerSecond: number): void {
    // Called every frame: only a call whose sender does not carry this cap yet is touched.
    this.videoBitrate = bitsPerSecond;
    for (const call of this.calls.values())
      if (this.capped.get(call) !== bitsPerSecond) void this.applyBitrate(call);
  }

  /** A device change: calls that are sending switch to the new track. */
  replaceTrack(): void {
    for (const call of this.calls.values()) this.applySending(call);
  }

  async stats(peerId: string, kind: CallKind = 'person'): Promise<LinkStats | undefined> {
    const pc = (kind === 'screen' ? this.screensIn : this.calls).get(peerId)?.peerConnection;
    if (!pc) return undefined;
    return summariseLinkStats(await pc.getStats());
  }

  destroy(): void {
    this.destroyed = true;
    this.retryTimer?.();
    this.stopScreen();
    this.dropScreens();
    for (const peerId of [...this.calls.keys()]) this.hangUp(peerId);
    this.peer.destroy();
  }

  private incoming(call: MediaConnection): void {
    if ((call.metadata as { kind?: CallKind } | undefined)?.kind === 'screen') {
      this.incomingScreen(call);
      return;
    }
    if (!this.options.accept(call.peer)) {
      this.refusedCalls++;
      this.options.onRefused?.(call.peer);
      call.close();
      return;
    }
    // A caller that calls again has given up on its previous call: the newest one wins.
    const previous = this.calls.get(call.peer);
    if (previous) {
      this.calls.delete(call.peer);
      previous.close();
    }
    call.answer(this.options.localStream);
    this.track(call);
  }

  private track(call: MediaConnection): void {
    this.calls.set(call.peer, call);
    this.applySending(call);
    call.on('stream', (stream) => {
      this.options.onRemoteStream(call.peer, stream);
      void this.applyBitrate(call);
    });
    const closed = (): void => {
      // Only the peer's current call speaks for it: an old call closing late must not end its replacement.
      if (this.calls.get(call.peer) !== call) return;
      this.calls.delete(call.peer);
      this.options.onClosed(call.peer);
    };
    call.on('close', closed);
    call.on('error', closed);
    // PeerJS does not tell the other side when a call is closed; the other side's connection drops a moment later.
    // A connection that stays 'disconnected' for a second is taken as hung up, so the pair can call afresh.
    let dropTimer: Cancel | undefined;
    call.peerConnection?.addEventListener('connectionstatechange', () => {
      const state = call.peerConnection?.connectionState;
      dropTimer?.();
      if (state === 'failed' || state === 'closed') closed();
      else if (state === 'disconnected')
        dropTimer = this.clock.setTimeout(() => {
          if (call.peerConnection?.connectionState !== 'connected') {
            call.close();
            closed();
          }
        }, 1000);
    });
  }

  /** A screen share offered to us: one way, so we answer without sending anything back. */
  private incomingScreen(call: MediaConnection): void {
    if (!this.options.acceptScreen?.(call.peer)) {
      this.refusedCalls++;
      call.close();
      return;
    }
    this.screensIn.get(call.peer)?.close();
    this.screensIn.set(call.peer, call);
    call.answer();
    call.on('stream', (stream) => {
      if (this.screensIn.get(call.peer) === call) this.options.onRemoteScreen?.(call.peer, stream);
    });
    this.watchScreen(call, this.screensIn, () => this.options.onScreenClosed?.(call.peer));
  }

  /** Forgets a screen call when it closes or its connection drops, and says so once. */
  private watchScreen(
    call: MediaConnection,
    calls: Map<string, MediaConnection>,
    onClosed: () => void,
  ): void {
    const closed = (): void => {
      if (calls.get(call.peer) !== call) return;
      calls.delete(call.peer);
      onClosed();
    };
    call.on('close', closed);
    call.on('error', closed);
    call.peerConnection?.addEventListener('connectionstatechange', () => {
      const state = call.peerConnection?.connectionState;
      if (state === 'failed' || state === 'closed' || state === 'disconnected') {
        call.close();
        closed();
      }
    });
  }

  /** Each sender carries our live track when we talk to this peer, and nothing otherwise. */
  private applySending(call: MediaConnection): void {
    const on = this.sendingTo.has(call.peer);
    for (const transceiver of call.peerConnection?.getTransceivers() ?? []) {
      const kind = transceiver.receiver.track.kind;
      const track = on
        ? kind === 'audio'
          ? this.options.localStream.getAudioTracks()[0]
          : this.options.localStream.getVideoTracks()[0]
        : null;
      // Compare with what we last asked for, not `sender.track`: that only changes when an earlier replaceTrack settles,
      // so a quick off-then-on would otherwise be skipped and leave the sender silent.
      const wanted = track ?? null;
      if (this.requested.get(transceiver.sender) === wanted && this.requested.has(transceiver.sender))
        continue;
      this.requested.set(transceiver.sender, wanted);
      void transceiver.sender.replaceTrack(wanted).catch(() => {});
    }
  }

  private async applyBitrate(call: MediaConnection): Promise<void> {
    const sender = call.peerConnection
      ?.getTransceivers()
      .find((t) => t.receiver.track.kind === 'video')?.sender;
    if (!sender) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings || parameters.encodings.length === 0) return;
    const bitrate = this.videoBitrate;
    for (const encoding of parameters.encodings) {
      encoding.maxBitrate = Math.max(bitrate, 1);
      encoding.active = bitrate > 0;
    }
    this.capped.set(call, bitrate);
    try {
      await sender.setParameters(parameters);
    } catch {
      // The connection is closing or not negotiated yet: the next frame tries again.
      if (this.capped.get(call) === bitrate) this.capped.delete(call);
    }
  }
}
