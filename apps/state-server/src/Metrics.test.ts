import { describe, expect, it } from 'vitest';
import { MessageError } from '@campus/protocol';
import { PromMetrics, type MetricsSources } from './Metrics';

const sources = (users = 0, rooms: Array<[string, number]> = []): MetricsSources => ({
  connectedUsers: () => users,
  classroomOccupancy: () => rooms,
});

describe('PromMetrics', () => {
  it('counts messages by event, and names a client cannot choose collapse into "unknown"', async () => {
    const metrics = new PromMetrics(sources());
    metrics.messageIn('move');
    metrics.messageIn('move');
    metrics.messageIn('x'.repeat(40));
    metrics.messageIn('__proto__');
    const text = await metrics.scrape();
    expect(text).toContain('campus_messages_in_total{event="move"} 2');
    expect(text).toContain('campus_messages_in_total{event="unknown"} 2');
    expect(text).not.toContain('xxxx');
  });

  it('counts refusals by code with the code name, and reads gauges when scraped', async () => {
    const occupancy: Array<[string, number]> = [['room-a', 3]];
    const metrics = new PromMetrics(sources(5, occupancy), { nodeId: 'node-1' });
    metrics.rejected(MessageError.RATE_LIMITED);
    let text = await metrics.scrape();
    expect(text).toContain(
      'campus_messages_rejected_total{code="4108",reason="RATE_LIMITED",node="node-1"} 1',
    );
    expect(text).toContain('campus_connected_users{node="node-1"} 5');
    expect(text).toContain('campus_classroom_occupancy{room="room-a",node="node-1"} 3');
    occupancy[0] = ['room-b', 1];
    text = await metrics.scrape();
    expect(text).not.toContain('room="room-a"');
    expect(text).toContain('campus_classroom_occupancy{room="room-b",node="node-1"} 1');
  });

  it('keeps each server in its own registry', async () => {
    const a = new PromMetrics(sources());
    const b = new PromMetrics(sources());
    a.messageOut('user:moved');
    expect(await a.scrape()).toContain('campus_messages_out_total{event="user:moved"} 1');
    expect(await b.scrape()).not.toContain('campus_messages_out_total{event="user:moved"}');
  });

  it('records move dispatch latency in a histogram', async () => {
    const metrics = new PromMetrics(sources());
    metrics.moveDispatched(0.0003);
    const text = await metrics.scrape();
    expect(text).toContain('campus_move_dispatch_seconds_bucket{le="0.00025"} 0');
    expect(text).toContain('campus_move_dispatch_seconds_bucket{le="0.0005"} 1');
    expect(text).toContain('campus_move_dispatch_seconds_count 1');
  });
});
