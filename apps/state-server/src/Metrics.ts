import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { codeName, isClientEventName, type ErrorCode } from '@campus/protocol';

/** What the server counts. Each part is handed only the hooks it needs (the router: `messageIn` and `rejected`). */
export interface Metrics {
  /** A client's message arrived; names outside the protocol count as `unknown`, so a client cannot mint labels. */
  messageIn(event: string): void;
  /** A message was handed to one client's socket. */
  messageOut(event: string): void;
  /** A message or a connection was refused with this code. */
  rejected(code: ErrorCode): void;
  /** Seconds from receiving a move to having handed it to every recipient's socket. */
  moveDispatched(seconds: number): void;
  /** A LiveKit webhook arrived: signed by our LiveKit (`verified`) or not (`refused`). */
  liveKitWebhook(result: 'verified' | 'refused'): void;
}

/** Values read when Prometheus scrapes, rather than kept up to date on every change. */
export interface MetricsSources {
  /** Distinct users with at least one open connection to this node. */
  connectedUsers(): number;
  /** People in each classroom, every classroom listed (empty ones as 0). */
  classroomOccupancy(): Iterable<readonly [roomId: string, people: number]>;
}

export interface PromMetricsOptions {
  /** Added to every series as `node`, to tell the nodes behind one load balancer apart. */
  nodeId?: string;
  /** Also export Node's process metrics (CPU, memory, event loop lag); off in tests, which start many servers. */
  processMetrics?: boolean;
}

/**
 * The server's metrics in a Prometheus registry of their own (not prom-client's global one), so several servers in
 * one process, as in the tests, never share or clash.
 */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly messagesIn: Counter<'event'>;
  private readonly messagesOut: Counter<'event'>;
  private readonly rejections: Counter<'code' | 'reason'>;
  private readonly webhooks: Counter<'result'>;
  private readonly moveDispatch: Histogram;

  constructor(sources: MetricsSources, options: PromMetricsOptions = {}) {
    const registers = [this.registry];
    if (options.nodeId) this.registry.setDefaultLabels({ node: options.nodeId });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'campus_connected_users',
      help: 'Distinct users with an open connection to this node.',
      registers,
      collect() {
        this.set(sources.connectedUsers());
      },
    });
    new Gauge({
      name: 'campus_classroom_occupancy',
      help: 'People who are members of each classroom.',
      labelNames: ['room'],
      registers,
      collect() {
        this.reset();
        for (const [room, people] of sources.classroomOccupancy()) this.set({ room }, people);
      },
    });
    this.messagesIn = new Counter({
      name: 'campus_messages_in_total',
      help: 'Messages received from clients, by event.',
      labelNames: ['event'],
      registers,
    });
    this.messagesOut = new Counter({
      name: 'campus_messages_out_total',
      help: 'Messages handed to client sockets, by event (one per recipient).',
      labelNames: ['event'],
      registers,
    });
    this.rejections = new Counter({
      name: 'campus_messages_rejected_total',
      help: 'Messages and connections refused, by protocol code.',
      labelNames: ['code', 'reason'],
      registers,
    });
    this.webhooks = new Counter({
      name: 'campus_livekit_webhooks_total',
      help: 'LiveKit webhooks received, by whether their signature held.',
      labelNames: ['result'],
      registers,
    });
    this.moveDispatch = new Histogram({
      name: 'campus_move_dispatch_seconds',
      help: "From receiving a move to having handed it to every recipient's socket.",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    });
  }

  messageIn(event: string): void {
    this.messagesIn.inc({ event: isClientEventName(event) ? event : 'unknown' });
  }

  messageOut(event: string): void {
    this.messagesOut.inc({ event });
  }

  rejected(code: ErrorCode): void {
    this.rejections.inc({ code: String(code), reason: codeName(code) });
  }

  moveDispatched(seconds: number): void {
    this.moveDispatch.observe(seconds);
  }

  liveKitWebhook(result: 'verified' | 'refused'): void {
    this.webhooks.inc({ result });
  }

  /** The exposition text for `GET /metrics`. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
