/**
 * This person's screen share: one capture from `getDisplayMedia`, which ends when they stop it here or with the
 * browser's own "Stop sharing" button.
 */
export class ScreenShare {
  private captured: MediaStream | undefined;

  /** `onEnded` runs when the browser ends the capture (its own stop button, the window closed). */
  constructor(private readonly onEnded: () => void) {}

  static get supported(): boolean {
    return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  }

  get stream(): MediaStream | undefined {
    return this.captured;
  }

  /** Asks the browser for a screen, window or tab; rejects if the person cancels or it is not allowed. */
  async start(): Promise<MediaStream> {
    if (this.captured) return this.captured;
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 15, max: 30 } },
      audio: false,
    });
    const track = stream.getVideoTracks()[0];
    if (!track) {
      for (const t of stream.getTracks()) t.stop();
      throw new Error('the browser returned no screen');
    }
    // Text and lines matter more than motion on a shared screen.
    track.contentHint = 'detail';
    track.addEventListener('ended', () => {
      if (this.captured !== stream) return;
      this.captured = undefined;
      this.onEnded();
    });
    this.captured = stream;
    return stream;
  }

  /** Ends the capture (no `onEnded`: the caller knows). */
  stop(): void {
    const stream = this.captured;
    this.captured = undefined;
    for (const t of stream?.getTracks() ?? []) t.stop();
  }
}
