import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where made clips are kept between test runs, one file per set of options. */
export const TEST_CLIP_FOLDER = join(tmpdir(), 'campus-test-clips');

/**
 * Fonts for the burned-in counter, the first one present wins: Debian's `fonts-dejavu-core` (which ffmpeg's own
 * dependencies usually bring), then where other distributions keep DejaVu. Without any, testsrc's own counter shows.
 */
const FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
];

/** Changes with the ffmpeg arguments below, so clips cached by an older recipe are made again. */
const RECIPE = 'v1';

export type TestClipErrorCode = 'FFMPEG_MISSING' | 'FFMPEG_FAILED' | 'BAD_CLIP_OPTIONS';

/** A clip that could not be made; `code` says why. */
export class TestClipError extends Error {
  constructor(
    readonly code: TestClipErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = `TestClipError(${code})`;
  }
}

/** Why clips cannot be made here, or undefined when Debian's `ffmpeg` (with ffprobe) is installed. */
export function ffmpegMissing(): string | undefined {
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      return `${tool} is not installed (apt-get install ffmpeg, or run scripts/ensure-system-deps.sh as root)`;
    }
  }
  return undefined;
}

export interface TestClipOptions {
  /** 90 by default. */
  seconds?: number;
  /** 25 by default; also the keyframe interval, so a player can seek to any second at once. */
  fps?: number;
  /** 320 by default. */
  width?: number;
  /** 180 by default. */
  height?: number;
}

/** Clips being made now, by path: callers at the same time share one ffmpeg. */
const making = new Map<string, Promise<string>>();

/**
 * A WebM (VP8 video, Opus audio) of ffmpeg's test pattern with its frame number and timecode burned in and a 440 Hz
 * tone, a keyframe every second; resolves with its path. Made once per set of options and kept in
 * TEST_CLIP_FOLDER, written under a temporary name and renamed, so test files running in parallel never see half a
 * clip. A 90 s clip takes about 5 s to make on two cores.
 */
export function makeTestClip(options: TestClipOptions = {}): Promise<string> {
  const { seconds = 90, fps = 25, width = 320, height = 180 } = options;
  if (
    !(seconds > 0 && seconds <= 3600) ||
    ![fps, width, height].every(Number.isInteger) ||
    fps < 1 ||
    fps > 120
  ) {
    return Promise.reject(new TestClipError('BAD_CLIP_OPTIONS', `no clip of ${JSON.stringify(options)}`));
  }
  if (width < 16 || height < 16 || width > 3840 || height > 2160 || width % 2 || height % 2) {
    return Promise.reject(
      new TestClipError('BAD_CLIP_OPTIONS', `${width}x${height}: even sizes up to 4K only`),
    );
  }
  const font = FONTS.find((path) => existsSync(path));
  const name = `${RECIPE}-${width}x${height}-${fps}fps-${seconds}s${font ? '' : '-plain'}.webm`;
  const path = join(TEST_CLIP_FOLDER, name);
  const inFlight = making.get(path);
  if (inFlight) return inFlight;
  if (existsSync(path)) return Promise.resolve(path);
  // Only while it is being made: a failure is not kept (the next call tries again), nor a file deleted since.
  const made = encode(path, { seconds, fps, width, height }, font).finally(() => making.delete(path));
  making.set(path, made);
  return made;
}

function ffmpegArguments(clip: Required<TestClipOptions>, font: string | undefined, out: string): string[] {
  const { seconds, fps, width, height } = clip;
  const counter = font
    ? [
        '-vf',
        // `%{frame_num}` and `%{pts:hms}` are expanded per frame; the colon is escaped for the filter's own parser.
        `drawtext=fontfile=${font}:text='%{frame_num}  %{pts\\:hms}':fontsize=${Math.round(height / 9)}` +
          ':fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4:x=(w-tw)/2:y=h-th-12',
      ]
    : [];
  // About 300 kbit/s at 320x180 and 25 fps, more for more pixels.
  const kbps = Math.max(100, Math.round((width * height * fps) / 4800));
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
    ...counter,
    // Realtime and the fastest setting: a 90 s clip in seconds rather than a minute.
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', `${kbps}k`, '-g', String(fps)],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'libopus', '-b:a', '48k', '-t', String(seconds), '-f', 'webm', out],
  ];
}

async function encode(
  path: string,
  clip: Required<TestClipOptions>,
  font: string | undefined,
): Promise<string> {
  await mkdir(TEST_CLIP_FOLDER, { recursive: true });
  const partial = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  try {
    await run('ffmpeg', ffmpegArguments(clip, font, partial));
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return path;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = `${errors}${chunk.toString('utf8')}`.slice(-4000)));
    child.once('error', (err) =>
      reject(new TestClipError('FFMPEG_MISSING', `could not run ${command}: ${err.message}`, { cause: err })),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new TestClipError('FFMPEG_FAILED', `${command} exited ${code ?? signal}: ${errors.trim()}`));
    });
  });
}
