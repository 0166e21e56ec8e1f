import type { BrowserContext, Page } from 'playwright-core';

/** What a page's peer connections say about the audio it sends and receives, summed over all of them. */
export interface AudioFlow {
  /** Payload bytes of outgoing audio (silence still makes a few). */
  bytesSent: number;
  /** The energy of what the microphone track hands the encoder: it stops growing when the track is off or gone. */
  energySent: number;
  /** The energy of the audio received and decoded: it stops growing when nobody sends sound. */
  energyReceived: number;
}

/**
 * Keeps every RTCPeerConnection the page makes (PeerJS's and LiveKit's alike) where `audioFlow` can read its stats,
 * so a test reads what the browser really sends, not what the app believes it sends.
 */
export async function recordPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    class Recorded extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        made.push(this);
      }
    }
    window.RTCPeerConnection = Recorded;
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
  });
}

/** The audio this page sends and receives now, over its open peer connections. */
export function audioFlow(page: Page): Promise<AudioFlow> {
  return page.evaluate(async () => {
    const flow = { bytesSent: 0, energySent: 0, energyReceived: 0 };
    const pcs = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: Record<string, unknown>) => {
        if (s.type === 'outbound-rtp' && s.kind === 'audio') flow.bytesSent += Number(s.bytesSent ?? 0);
        if (s.type === 'media-source' && s.kind === 'audio')
          flow.energySent += Number(s.totalAudioEnergy ?? 0);
        if (s.type === 'inbound-rtp' && s.kind === 'audio')
          flow.energyReceived += Number(s.totalAudioEnergy ?? 0);
      });
    }
    return flow;
  });
}

/** How much `read` grows over `ms`. */
export async function growth(read: () => Promise<number>, ms: number): Promise<number> {
  const before = await read();
  await new Promise((r) => setTimeout(r, ms));
  return (await read()) - before;
}

/**
 * The loudest `userId`'s voice gets in the page's mixer over `ms`, 0–1: what this person hears of them, before their
 * own volume. Read in the page from where the voice leaves the mixer, through an analyser whose window (0.68 s at
 * 48 kHz) is read four times a second, so even a busy page misses none of the fake microphone's beeps (one a
 * second): two seconds of a live voice read well above 0.05, and silence reads 0.
 */
export function loudestOver(page: Page, userId: string, ms: number): Promise<number> {
  return page.evaluate(
    ({ userId, ms }) =>
      new Promise<number>((resolve) => {
        type Output = { context: AudioContext; node?: AudioNode };
        const media = (window as unknown as { campusMedia: { audioOutput(id: string): Output } }).campusMedia;
        const { context, node } = media.audioOutput(userId);
        if (!node) return resolve(0);
        const analyser = context.createAnalyser();
        analyser.fftSize = 32768;
        node.connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        let peak = 0;
        const read = () => {
          analyser.getFloatTimeDomainData(samples);
          for (const s of samples) peak = Math.max(peak, Math.abs(s));
        };
        const timer = setInterval(read, 250);
        setTimeout(() => {
          clearInterval(timer);
          read();
          node.disconnect(analyser);
          resolve(peak);
        }, ms);
      }),
    { userId, ms },
  );
}
