import { describe, expect, it } from 'vitest';
import { summariseLinkStats } from './linkStats';

const report = (entries: Array<Record<string, unknown>>) => ({
  forEach: (each: (entry: Record<string, unknown>) => void) => entries.forEach(each),
});

describe('summariseLinkStats', () => {
  it('sums inbound audio and video across streams', () => {
    const summary = summariseLinkStats(
      report([
        {
          type: 'inbound-rtp',
          kind: 'audio',
          bytesReceived: 100,
          totalSamplesReceived: 480,
          totalAudioEnergy: 0.5,
        },
        {
          type: 'inbound-rtp',
          kind: 'audio',
          bytesReceived: 50,
          totalSamplesReceived: 240,
          totalAudioEnergy: 0.25,
        },
        { type: 'inbound-rtp', kind: 'video', bytesReceived: 9000, framesDecoded: 30 },
        { type: 'outbound-rtp', kind: 'video', bytesSent: 123456 },
      ]),
    );
    expect(summary).toEqual({
      audioBytesReceived: 150,
      audioSamplesReceived: 720,
      audioEnergy: 0.75,
      videoBytesReceived: 9000,
      videoFramesDecoded: 30,
      relayed: false,
    });
  });

  it('says relayed only when the nominated, succeeded pair starts at a relay candidate', () => {
    const candidates = [
      { type: 'local-candidate', id: 'host1', candidateType: 'host' },
      { type: 'local-candidate', id: 'relay1', candidateType: 'relay' },
    ];
    const through = (localCandidateId: string, nominated = true) =>
      summariseLinkStats(
        report([...candidates, { type: 'candidate-pair', state: 'succeeded', nominated, localCandidateId }]),
      ).relayed;
    expect(through('relay1')).toBe(true);
    expect(through('host1')).toBe(false);
    expect(through('relay1', false)).toBe(false);
    expect(summariseLinkStats(report(candidates)).relayed).toBe(false);
  });
});
