/**
 * Each linked voice goes through its own gain and stereo panner, set from where its speaker stands, and glides to new
 * values so walking sounds smooth. Chrome only plays a remote WebRTC stream through Web Audio while it is also attached
 * to a media element, so each voice keeps a muted <audio> element too.
 */
export class SpatialMixer {
  private readonly voices = new Map<
    string,
    {
      gain: GainNode;
      pan: StereoPannerNode;
      source: MediaStreamAudioSourceNode;
      element: HTMLAudioElement;
      level: AnalyserNode;
      stream: MediaStream;
    }
  >();

  constructor(readonly context: AudioContext) {}

  /**
   * Plays a voice (silent until placed, unless it takes over from another stream of the same person at their volume).
   * `audible: false` only measures it: our own microphone, for the speaker grid.
   */
  add(id: string, stream: MediaStream, { audible = true }: { audible?: boolean } = {}): void {
    const previous = this.voices.get(id);
    this.remove(id);
    if (stream.getAudioTracks().length === 0) return;
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    void element.play().catch(() => {});
    const source = this.context.createMediaStreamSource(stream);
    const gain = this.context.createGain();
    const pan = this.context.createStereoPanner();
    const level = this.context.createAnalyser();
    level.fftSize = 256;
    // A person's voice moving to another road (a direct call, the SFU) keeps its volume and side: no fade in.
    gain.gain.value = previous?.gain.gain.value ?? 0;
    pan.pan.value = previous?.pan.pan.value ?? 0;
    source.connect(level);
    if (audible) source.connect(gain).connect(pan).connect(this.context.destination);
    this.voices.set(id, { gain, pan, source, element, level, stream });
  }

  /** The stream a voice plays now, if any. */
  streamOf(id: string): MediaStream | undefined {
    return this.voices.get(id)?.stream;
  }

  /** Moves a voice to a volume and side; changes glide over about 80 ms. */
  place(id: string, gain: number, pan: number): void {
    const voice = this.voices.get(id);
    if (!voice) return;
    const t = this.context.currentTime;
    voice.gain.gain.setTargetAtTime(gain, t, 0.08);
    voice.pan.pan.setTargetAtTime(pan, t, 0.08);
  }

  /** How loud a voice is right now, 0–1, for the speaking indicator. */
  loudness(id: string): number {
    const voice = this.voices.get(id);
    if (!voice) return 0;
    const samples = new Uint8Array(voice.level.fftSize);
    voice.level.getByteTimeDomainData(samples);
    let peak = 0;
    for (const s of samples) peak = Math.max(peak, Math.abs(s - 128));
    return peak / 128;
  }

  /** The current gain of a voice (for tests and the bubble's volume hint). */
  gainOf(id: string): number | undefined {
    return this.voices.get(id)?.gain.gain.value;
  }

  remove(id: string): void {
    const voice = this.voices.get(id);
    if (!voice) return;
    voice.source.disconnect();
    voice.gain.disconnect();
    voice.pan.disconnect();
    voice.element.srcObject = null;
    this.voices.delete(id);
  }
}
