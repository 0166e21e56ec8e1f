/**
 * Hears what a page plays of one person's voice, on the audio thread (an AudioWorklet after that person's gain and
 * panner in the mixer), so a loaded page's slow main thread does not blur the measure: the benchmark's fake
 * microphones play a steady tone, and any stretch where the voice falls silent is a gap a listener would hear.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Person } from '../e2e/harness';

/** Writes a WAV of a steady 440 Hz tone (Chromium loops it) and returns the flag that makes it every fake microphone. */
export function steadyToneMicrophone(): string {
  const rate = 48_000;
  const seconds = 4;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  // A whole number of cycles in the file (440 × 4), so the loop has no click.
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  const path = join(tmpdir(), `campus-bench-tone-${process.pid}.wav`);
  writeFileSync(path, wav);
  return `--use-file-for-fake-audio-capture=${path}`;
}

/** Starts hearing `userId`'s voice on `p`'s page. */
export function startHearing(p: Person, userId: string): Promise<void> {
  return p.page.evaluate(async (userId) => {
    const w = window as unknown as {
      campusMedia: { audioOutput(id: string): { context: AudioContext; node: AudioNode | undefined } };
      gapMeterLoaded?: boolean;
      gapMeter?: { meter: AudioWorkletNode; blocks: number[]; rate: number; follow: number };
    };
    const { context, node } = w.campusMedia.audioOutput(userId);
    if (!node) throw new Error(`no voice of ${userId} playing`);
    if (!w.gapMeterLoaded) {
      // Per block of 128 frames, the root mean square of what comes out; posted in batches.
      const source = `registerProcessor('gap-meter', class extends AudioWorkletProcessor {
        constructor() { super(); this.on = true; this.rms = []; this.port.onmessage = () => { this.port.postMessage(this.rms); this.rms = []; this.on = false; }; }
        process(inputs) {
          const channel = inputs[0] && inputs[0][0];
          let sum = 0;
          if (channel) for (let i = 0; i < channel.length; i++) sum += channel[i] * channel[i];
          this.rms.push(channel ? Math.sqrt(sum / channel.length) : 0);
          if (this.rms.length >= 100) { this.port.postMessage(this.rms); this.rms = []; }
          return this.on;
        }
      });`;
      await context.audioWorklet.addModule(
        URL.createObjectURL(new Blob([source], { type: 'text/javascript' })),
      );
      w.gapMeterLoaded = true;
    }
    const meter = new AudioWorkletNode(context, 'gap-meter');
    const blocks: number[] = [];
    meter.port.onmessage = (e: MessageEvent<number[]>) => blocks.push(...e.data);
    node.connect(meter);
    const sink = context.createGain();
    sink.gain.value = 0;
    meter.connect(sink).connect(context.destination);
    // If the page drops the voice and plays it again on a new channel, the meter moves to that one: while no channel
    // carries the voice it hears nothing, which is what a listener hears too.
    let heard: AudioNode | undefined = node;
    const follow = window.setInterval(() => {
      const now = w.campusMedia.audioOutput(userId).node;
      if (now === heard) return;
      heard = now;
      now?.connect(meter);
    }, 20);
    w.gapMeter = { meter, blocks, rate: context.sampleRate, follow };
  }, userId);
}

/** Stops hearing and returns the longest stretch (ms) in which the voice came out at under a tenth of its median level. */
export function stopHearing(p: Person): Promise<number> {
  return p.page.evaluate(async () => {
    const w = window as unknown as {
      gapMeter: { meter: AudioWorkletNode; blocks: number[]; rate: number; follow: number };
    };
    const { meter, blocks, rate, follow } = w.gapMeter;
    window.clearInterval(follow);
    const flushed = new Promise<void>((resolve) => {
      meter.port.onmessage = (e: MessageEvent<number[]>) => {
        blocks.push(...e.data);
        resolve();
      };
    });
    meter.port.postMessage('stop');
    await flushed;
    meter.disconnect();
    const sorted = [...blocks].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    if (median < 1e-4) throw new Error('the voice was silent throughout');
    const floor = 0.1 * median;
    let longest = 0;
    let run = 0;
    for (const rms of blocks) {
      run = rms < floor ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return (longest * 128 * 1000) / rate;
  });
}
