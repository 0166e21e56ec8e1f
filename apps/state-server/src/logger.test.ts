import { describe, expect, it } from 'vitest';
import { createJsonLogger, withFields, type Logger } from './logger';

function capture(): { lines: () => Array<Record<string, unknown>>; destination: { write(s: string): void } } {
  const written: string[] = [];
  return {
    destination: { write: (s: string) => void written.push(s) },
    lines: () =>
      written
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('logs', () => {
  it('are JSON lines carrying the node, and each connection adds its session and user', () => {
    const out = capture();
    const root = createJsonLogger({ base: { node: 'node-a' }, destination: out.destination });
    const connection = withFields(root, { sessionId: 's1', userId: 'u1' });
    connection.warn({ event: 'move' }, 'refused');
    root.info({}, 'listening');
    const [warned, listening] = out.lines();
    expect(warned).toMatchObject({
      level: 'warn',
      node: 'node-a',
      sessionId: 's1',
      userId: 'u1',
      event: 'move',
      msg: 'refused',
    });
    expect(typeof warned?.time).toBe('string');
    expect(listening).toMatchObject({ level: 'info', node: 'node-a', msg: 'listening' });
    expect(listening).not.toHaveProperty('userId');
  });

  it('adds fields through a plain logger that has no child loggers', () => {
    const entries: Array<[string, object]> = [];
    const plain: Logger = {
      info: (f, m) => entries.push([m, f]),
      warn: (f, m) => entries.push([m, f]),
      error: (f, m) => entries.push([m, f]),
    };
    withFields(withFields(plain, { sessionId: 's1' }), { userId: 'u1' }).error({ code: 1 }, 'failed');
    expect(entries).toEqual([['failed', { sessionId: 's1', userId: 'u1', code: 1 }]]);
  });
});
