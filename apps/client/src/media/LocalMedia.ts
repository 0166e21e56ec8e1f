export type MediaKind = 'audio' | 'video';

/** What the person can send, after asking the browser. */
export interface LocalCapabilities {
  mic: boolean;
  cam: boolean;
}

/**
 * This person's microphone and camera. The stream always carries one audio and one video track, real or stand-in
 * (silence, a blank frame), so every call negotiates both directions even for someone without a camera or a
 * microphone, who can still hear and see the others. Toggling disables a track rather than removing it.
 */
export class LocalMedia {
  readonly stream: MediaStream;
  private micWanted = true;
  private camWanted = true;
  private readonly trackListeners = new Set<(kind: MediaKind, track: MediaStreamTrack) => void>();

  private constructor(
    stream: MediaStream,
    readonly capabilities: LocalCapabilities,
    private readonly audioContext: AudioContext,
  ) {
    this.stream = stream;
    this.apply();
  }

  /**
   * Asks for camera and microphone, falling back to microphone only, then to listening only. `notice` says, in words
   * for the person, what is missing and why.
   */
  static async acquire(
    audioContext: AudioContext,
    devices: { audioId?: string; videoId?: string } = {},
  ): Promise<{ media: LocalMedia; notice?: string }> {
    const audio: MediaTrackConstraints = {
      echoCancellation: true,
      noiseSuppression: true,
      ...(devices.audioId ? { deviceId: { exact: devices.audioId } } : {}),
    };
    const video: MediaTrackConstraints = {
      width: 320,
      height: 240,
      frameRate: 15,
      ...(devices.videoId ? { deviceId: { exact: devices.videoId } } : {}),
    };
    const attempts: Array<{ constraints: MediaStreamConstraints; caps: LocalCapabilities }> = [
      { constraints: { audio, video }, caps: { mic: true, cam: true } },
      { constraints: { audio }, caps: { mic: true, cam: false } },
      { constraints: { video }, caps: { mic: false, cam: true } },
    ];
    let lastError: unknown;
    for (const { constraints, caps } of attempts) {
      try {
        const real = await navigator.mediaDevices.getUserMedia(constraints);
        const media = new LocalMedia(completeStream(real, audioContext), caps, audioContext);
        const notice = caps.cam && caps.mic ? undefined : describeMissing(caps, lastError);
        return { media, ...(notice ? { notice } : {}) };
      } catch (err) {
        lastError ??= err;
      }
    }
    const media = new LocalMedia(
      completeStream(new MediaStream(), audioContext),
      { mic: false, cam: false },
      audioContext,
    );
    return { media, notice: describeMissing({ mic: false, cam: false }, lastError) };
  }

  get micOn(): boolean {
    return this.capabilities.mic && this.micWanted;
  }

  get camOn(): boolean {
    return this.capabilities.cam && this.camWanted;
  }

  setMic(on: boolean): void {
    this.micWanted = on;
    this.apply();
  }

  setCam(on: boolean): void {
    this.camWanted = on;
    this.apply();
  }

  /** Called when a track is swapped (a device change), so senders can switch to it. */
  onTrackReplaced(listener: (kind: MediaKind, track: MediaStreamTrack) => void): () => void {
    this.trackListeners.add(listener);
    return () => this.trackListeners.delete(listener);
  }

  /** Switches to another microphone or camera. */
  async useDevice(kind: MediaKind, deviceId: string): Promise<void> {
    const fresh = await navigator.mediaDevices.getUserMedia(
      kind === 'audio'
        ? { audio: { deviceId: { exact: deviceId } } }
        : { video: { deviceId: { exact: deviceId }, width: 320, height: 240 } },
    );
    const track = kind === 'audio' ? fresh.getAudioTracks()[0] : fresh.getVideoTracks()[0];
    if (!track) return;
    const old = kind === 'audio' ? this.stream.getAudioTracks()[0] : this.stream.getVideoTracks()[0];
    if (old) {
      this.stream.removeTrack(old);
      old.stop();
    }
    this.stream.addTrack(track);
    if (kind === 'audio') this.capabilities.mic = true;
    else this.capabilities.cam = true;
    this.apply();
    for (const listener of this.trackListeners) listener(kind, track);
  }

  stop(): void {
    for (const track of this.stream.getTracks()) track.stop();
    void this.audioContext;
  }

  private apply(): void {
    for (const t of this.stream.getAudioTracks()) t.enabled = this.micOn;
    for (const t of this.stream.getVideoTracks()) t.enabled = this.camOn;
  }
}

/** Adds a silent audio track and a blank video track where the real ones are missing. */
function completeStream(real: MediaStream, audioContext: AudioContext): MediaStream {
  const stream = new MediaStream(real.getTracks());
  if (stream.getAudioTracks().length === 0) {
    const silence = audioContext.createMediaStreamDestination();
    const track = silence.stream.getAudioTracks()[0];
    if (track) stream.addTrack(track);
  }
  if (stream.getVideoTracks().length === 0) {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 120;
    const g = canvas.getContext('2d');
    if (g) {
      g.fillStyle = '#2a2440';
      g.fillRect(0, 0, canvas.width, canvas.height);
    }
    const track = canvas.captureStream(1).getVideoTracks()[0];
    if (track) stream.addTrack(track);
  }
  return stream;
}

function describeMissing(caps: LocalCapabilities, err: unknown): string {
  const denied =
    err instanceof DOMException && (err.name === 'NotAllowedError' || err.name === 'SecurityError');
  const why = denied ? 'permission was refused' : 'none was found';
  if (caps.mic && !caps.cam) return `No camera (${why}): people nearby will hear you but not see you.`;
  if (!caps.mic && caps.cam) return `No microphone (${why}): people nearby will see you but not hear you.`;
  return `No microphone or camera (${why}): you can still see and hear people nearby.`;
}
