import { describe, expect, it } from 'vitest';
import { tiledRows } from '@campus/world/testing';
import { createJsonLogger } from './logger';
import { eventually, joinedClient, startTestServer } from './testing/testServer';

describe('logs', () => {
  it("are JSON lines that carry the node, and each connection's session and user", async () => {
    const written: string[] = [];
    const logger = createJsonLogger({
      base: { node: 'node-logs' },
      destination: { write: (line: string) => void written.push(line) },
    });
    const harness = await startTestServer(tiledRows(['#####', '#S..#', '#####']), { logger });
    try {
      const ada = await joinedClient(harness.url, 'Ada');
      const sessionId = ada.socket.id;
      ada.socket.disconnect();
      const lines = (): Array<Record<string, unknown>> =>
        written.map((line) => JSON.parse(line) as Record<string, unknown>);
      await eventually(() => expect(lines().map((l) => l.msg)).toContain('disconnected'));
      const about = { node: 'node-logs', sessionId, userId: ada.reply.userId };
      expect(lines()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ...about, level: 'info', msg: 'connected', transport: 'websocket' }),
          expect.objectContaining({
            ...about,
            level: 'info',
            msg: 'disconnected',
            reason: 'client namespace disconnect',
          }),
        ]),
      );
    } finally {
      await harness.close();
    }
  });
});
