/**
 * The bots of a lecture, spread over child processes. Every audio stream and room of `@livekit/rtc-node` listens to
 * every event of its process's native library, so one process holding 37 bots (and the server) spends its time
 * dispatching events to the wrong listeners, and late bots miss their walk or their SFU join. A few processes of a
 * few bots each hold a class. Run as a child with `--lecture-bots`, it takes its orders over the IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchEventLoop } from './report';
import { HALL, roomBot } from './roomPeople';

export interface BotSpec {
  name: string;
  seat: number;
  /** Wait this long (ms) before joining, so a class comes through the door one after another. */
  after: number;
}

/** What one bot made of the lecture. */
export interface BotReport {
  name: string;
  enteredAt: number;
  joinMs: number;
  frames: number;
  firstAudioAt: number | undefined;
}

type Order =
  { kind: 'start'; url: string; teacherId: string; bots: BotSpec[] } | { kind: 'report' } | { kind: 'close' };
type Answer =
  | { kind: 'ready' }
  | { kind: 'started'; failed: string[] }
  | { kind: 'report'; bots: BotReport[]; worstLagMs: number }
  | { kind: 'closed' };

/** A child process holding some of the lecture's bots. */
export class BotProcess {
  private readonly waiting = new Map<Answer['kind'], (answer: Answer) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (answer: Answer) => {
      this.waiting.get(answer.kind)?.(answer);
      this.waiting.delete(answer.kind);
    });
  }

  /**
   * Starts a process (with this process's loader, so TypeScript runs) and waits until it has loaded: several
   * processes compiling at once while bots walk would make the walkers late.
   */
  static async fork(): Promise<BotProcess> {
    const child = fork(fileURLToPath(import.meta.url), ['--lecture-bots'], { stdio: 'inherit' });
    const held = new BotProcess(child);
    await held.wait('ready');
    return held;
  }

  /** Has `bots` walk into the hall and join its SFU; returns why those who did not get in did not. */
  async walkIn(url: string, teacherId: string, bots: BotSpec[]): Promise<string[]> {
    const started = await this.ask({ kind: 'start', url, teacherId, bots }, 'started');
    return started.kind === 'started' ? started.failed : [];
  }

  /** What each bot has heard, and how late this process's event loop ran at worst since the last report. */
  async report(): Promise<{ bots: BotReport[]; worstLagMs: number }> {
    const answer = await this.ask({ kind: 'report' }, 'report');
    return answer.kind === 'report' ? answer : { bots: [], worstLagMs: NaN };
  }

  async close(): Promise<void> {
    await Promise.race([this.ask({ kind: 'close' }, 'closed'), new Promise((r) => setTimeout(r, 10_000))]);
    this.child.kill('SIGKILL');
  }

  private ask(order: Order, answer: Answer['kind']): Promise<Answer> {
    const answered = this.wait(answer);
    this.child.send(order);
    return answered;
  }

  private wait(answer: Answer['kind']): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null): void =>
        reject(new Error(`bot process exited (${code}) before '${answer}'`));
      this.child.once('exit', exited);
      this.waiting.set(answer, (a) => {
        this.child.off('exit', exited);
        resolve(a);
      });
    });
  }
}

async function serve(): Promise<void> {
  const loop = watchEventLoop();
  const bots = new Map<string, Awaited<ReturnType<typeof roomBot>>>();
  let teacherId = '';
  const answer = (a: Answer): void => void process.send?.(a);
  process.on('message', (order: Order) => {
    void (async () => {
      if (order.kind === 'start') {
        teacherId = order.teacherId;
        const failed: string[] = [];
        await Promise.all(
          order.bots.map(async (spec) => {
            try {
              bots.set(
                spec.name,
                await roomBot(order.url, spec.name, HALL, spec.seat, false, [teacherId], spec.after, true),
              );
            } catch (err) {
              failed.push(String(err));
            }
          }),
        );
        answer({ kind: 'started', failed });
      } else if (order.kind === 'report') {
        answer({
          kind: 'report',
          bots: [...bots].map(([name, b]) => ({
            name,
            enteredAt: b.enteredAt,
            joinMs: b.joinMs,
            frames: b.bot.framesFrom(teacherId),
            firstAudioAt: b.bot.firstAudioFrom(teacherId),
          })),
          worstLagMs: loop.worst(),
        });
      } else {
        for (const b of bots.values()) await b.close();
        answer({ kind: 'closed' });
        // The bots' native LiveKit library keeps running: end here.
        process.exit(0);
      }
    })();
  });
  answer({ kind: 'ready' });
}

if (process.argv.includes('--lecture-bots')) await serve();
