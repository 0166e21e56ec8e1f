import { describe, expect, it } from 'vitest';
import { clientMessageSchemas, type ClientEventName } from '@campus/protocol';
import { clientRoutes } from './clientRoutes';

describe('clientRoutes', () => {
  it("parses every client event with the protocol's own schema for it", () => {
    const events = Object.keys(clientMessageSchemas) as ClientEventName[];
    expect(Object.keys(clientRoutes).sort()).toEqual([...events].sort());
    for (const event of events) expect(clientRoutes[event].schema, event).toBe(clientMessageSchemas[event]);
  });

  it('lets only joining and the clock through before join', () => {
    const open = Object.entries(clientRoutes)
      .filter(([, route]) => !route.needsJoin)
      .map(([event]) => event);
    expect(open.sort()).toEqual(['clock', 'join']);
  });
});
