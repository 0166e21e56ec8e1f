import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ffmpegMissing, makeTestClip, TEST_CLIP_FOLDER } from './testClips';

const missing = ffmpegMissing();
if (missing) console.warn(`Skipping the test clip tests: ${missing}`);

interface Probe {
  streams: Array<{
    codec_type: string;
    codec_name: string;
    r_frame_rate?: string;
    width?: number;
    height?: number;
  }>;
  format: { duration: string; format_name: string };
}

const probe = (path: string): Probe =>
  JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream:format', '-of', 'json', path], {
      encoding: 'utf8',
    }),
  ) as Probe;

/** When each keyframe is shown, in seconds. */
const keyframeTimes = (path: string): number[] =>
  execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v',
      '-skip_frame',
      'nokey',
      '-show_entries',
      'frame=pts_time',
      '-of',
      'csv=p=0',
      path,
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .map(Number);

describe.skipIf(missing)('a test clip', () => {
  it('is a WebM of VP8 and Opus as long as asked, at the frame rate asked, seekable to every second', async () => {
    const path = await makeTestClip({ seconds: 3, fps: 25 });
    expect(path.startsWith(TEST_CLIP_FOLDER)).toBe(true);
    const { streams, format } = probe(path);
    expect(format.format_name).toContain('webm');
    expect(Number(format.duration)).toBeCloseTo(3, 1);
    expect(streams.map((s) => [s.codec_type, s.codec_name])).toEqual([
      ['video', 'vp8'],
      ['audio', 'opus'],
    ]);
    expect(streams[0]).toMatchObject({ r_frame_rate: '25/1', width: 320, height: 180 });
    expect(keyframeTimes(path).map(Math.round)).toEqual([0, 1, 2]);
  });

  it('is made once: callers at the same time, and later ones, get the same finished file', async () => {
    const options = { seconds: 2, fps: 10, width: 160, height: 90 };
    const [first, second] = await Promise.all([makeTestClip(options), makeTestClip(options)]);
    expect(second).toBe(first);
    const madeAt = statSync(first).mtimeMs;
    expect(await makeTestClip(options)).toBe(first);
    expect(statSync(first).mtimeMs).toBe(madeAt);
    expect(probe(first).streams[0]).toMatchObject({ r_frame_rate: '10/1', width: 160, height: 90 });
  });

  it('refuses sizes and rates it cannot encode', async () => {
    await expect(makeTestClip({ width: 321 })).rejects.toMatchObject({ code: 'BAD_CLIP_OPTIONS' });
    await expect(makeTestClip({ fps: 0 })).rejects.toMatchObject({ code: 'BAD_CLIP_OPTIONS' });
    await expect(makeTestClip({ seconds: -1 })).rejects.toMatchObject({ code: 'BAD_CLIP_OPTIONS' });
  });
});
