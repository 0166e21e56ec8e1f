/** One stream's way into the page: the muted element Chrome needs, and its Web Audio source. */
interface Feed {
  stream: MediaStream;
  element: HTMLAudioElement;
  source: MediaStreamAudioSourceNode;
}

/**
 * A person's channel: whichever stream carries their voice now feeds its gain and panner, so a voice moving to
 * another road (a direct call, the SFU) keeps its volume and side. A second stream can wait beside it, playing into a
 * silent gain, ready to take over already running.
 */
interface Channel {
  gain: GainNode;
  pan: StereoPannerNode;
  level: AnalyserNode;
  feed: Feed | undefined;
  standby: (Feed & { mute: GainNode }) | undefined;
}

/**
 * Each linked voice goes through its own gain and stereo panner, set from where its speaker stands, and glides to new
 * values so walking sounds smooth. Chrome only plays a remote WebRTC stream through Web Audio while it is also attached
 * to a media element, so each stream keeps a muted <audio> element too.
 */
export class SpatialMixer {
  private readonly channels = new Map<string, Channel>();

  constructor(readonly context: AudioContext) {}

  /**
   * Plays a voice from `stream` (silent until placed; a stream replacing another keeps the channel's volume and
   * side). `audible: false` only measures it: our own microphone, for the speaker grid. A stream already on standby
   * for this voice takes over as it is, already running.
   */
  add(id: string, stream: MediaStream, { audible = true }: { audible?: boolean } = {}): void {
    if (stream.getAudioTracks().length === 0) {
      this.remove(id);
      return;
    }
    const channel = this.channels.get(id) ?? this.channel(id, audible);
    const waiting = channel.standby;
    let feed: Feed;
    if (waiting?.stream === stream) {
      waiting.source.disconnect();
      waiting.mute.disconnect();
      channel.standby = undefined;
      feed = waiting;
    } else feed = this.feed(stream);
    feed.source.connect(channel.level);
    feed.source.connect(channel.gain);
    if (channel.feed) release(channel.feed);
    channel.feed = feed;
  }

  /**
   * Keeps `stream` playing silently beside a voice (undefined: none), so that when it takes over (`add` with the same
   * stream) its audio is already decoded and playing out: the switch is not heard as a gap.
   */
  standby(id: string, stream: MediaStream | undefined): void {
    const channel = this.channels.get(id);
    if (!channel || channel.standby?.stream === stream) return;
    if (channel.standby) {
      release(channel.standby);
      channel.standby.mute.disconnect();
      channel.standby = undefined;
    }
    if (!stream || stream.getAudioTracks().length === 0 || channel.feed?.stream === stream) return;
    const mute = this.context.createGain();
    mute.gain.value = 0;
    const feed = this.feed(stream);
    feed.source.connect(mute).connect(this.context.destination);
    channel.standby = { ...feed, mute };
  }

  /** The stream a voice plays now, if any. */
  streamOf(id: string): MediaStream | undefined {
    return this.channels.get(id)?.feed?.stream;
  }

  /** Moves a voice to a volume and side; changes glide over about 80 ms. */
  place(id: string, gain: number, pan: number): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    const t = this.context.currentTime;
    channel.gain.gain.setTargetAtTime(gain, t, 0.08);
    channel.pan.pan.setTargetAtTime(pan, t, 0.08);
  }

  /** How loud a voice is right now, 0–1, for the speaking indicator. */
  loudness(id: string): number {
    const channel = this.channels.get(id);
    if (!channel?.feed) return 0;
    const samples = new Uint8Array(channel.level.fftSize);
    channel.level.getByteTimeDomainData(samples);
    let peak = 0;
    for (const s of samples) peak = Math.max(peak, Math.abs(s - 128));
    return peak / 128;
  }

  /** The current gain of a voice (for tests and the bubble's volume hint). */
  gainOf(id: string): number | undefined {
    const channel = this.channels.get(id);
    return channel?.feed ? channel.gain.gain.value : undefined;
  }

  /** The node a person's voice leaves the mixer from (after gain and pan): for the media benchmark to listen to. */
  outputOf(id: string): AudioNode | undefined {
    return this.channels.get(id)?.pan;
  }

  remove(id: string): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    if (channel.feed) release(channel.feed);
    if (channel.standby) {
      release(channel.standby);
      channel.standby.mute.disconnect();
    }
    channel.gain.disconnect();
    channel.pan.disconnect();
    this.channels.delete(id);
  }

  private channel(id: string, audible: boolean): Channel {
    const gain = this.context.createGain();
    const pan = this.context.createStereoPanner();
    const level = this.context.createAnalyser();
    level.fftSize = 256;
    gain.gain.value = 0;
    gain.connect(pan);
    if (audible) pan.connect(this.context.destination);
    const channel: Channel = { gain, pan, level, feed: undefined, standby: undefined };
    this.channels.set(id, channel);
    return channel;
  }

  private feed(stream: MediaStream): Feed {
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    void element.play().catch(() => {});
    return { stream, element, source: this.context.createMediaStreamSource(stream) };
  }
}

function release(feed: Feed): void {
  feed.source.disconnect();
  feed.element.srcObject = null;
}
