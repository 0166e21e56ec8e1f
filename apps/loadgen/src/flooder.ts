/**
 * A hostile client, run as its own process by the load generator (`--flood`): it joins, then sends `move` messages at
 * a fixed rate, as fast as a script can; whenever the server closes it, it comes back at once under a new identity,
 * as a determined script would. On the `stop` message it reports what happened and exits.
 *
 *   node --import tsx src/flooder.ts <url> <messages a second> <x> <y>
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  MessageError,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@campus/protocol';

export interface FloodReport {
  sent: number;
  /** Coded RATE_LIMITED errors received (the rest of what went over budget was dropped unanswered). */
  rateLimited: number;
  /** Times the server closed the connection for flooding. */
  closed: number;
  joins: number;
  /** This process's CPU while it ran, in % of one core: it shares the machine with the server and the load generator. */
  cpuPercent: number;
}

const [url = '', rateArg = '5000', xArg = '100', yArg = '100'] = process.argv.slice(2);
const rate = Number(rateArg);
const at = { x: Number(xArg), y: Number(yArg) };
const report: FloodReport = { sent: 0, rateLimited: 0, closed: 0, joins: 0, cpuPercent: 0 };
const startedAt = performance.now();
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
let ready = false;

function connect(): void {
  ready = false;
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    auth: { protocolVersion: PROTOCOL_VERSION, secret: randomBytes(32).toString('base64url') },
    reconnection: false,
    forceNew: true,
  });
  socket = s;
  s.on('protocol:error', (e) => {
    if (e.code === MessageError.RATE_LIMITED) report.rateLimited++;
  });
  s.on('session:closed', () => report.closed++);
  s.on('disconnect', () => {
    if (socket === s) setTimeout(connect, 0);
  });
  s.on('connect_error', () => setTimeout(connect, 100));
  s.timeout(10_000)
    .emitWithAck('join', {
      name: 'Flood',
      appearance: { look: 'ink' },
      resume: { position: at, direction: 'down' },
    })
    .then(
      () => {
        report.joins++;
        if (report.joins === 1) process.send?.('flooding');
        ready = true;
      },
      () => {},
    );
}

connect();
// In 10 ms batches: rate / 100 messages each.
const batch = Math.max(1, Math.round(rate / 100));
let turn = 0;
const timer = setInterval(() => {
  if (!ready || !socket?.connected) return;
  for (let i = 0; i < batch; i++) {
    socket.emit('move', { position: at, direction: turn++ % 2 ? 'up' : 'down', isMoving: false });
    report.sent++;
  }
}, 10);

process.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  const s = socket;
  socket = undefined;
  s?.disconnect();
  const cpu = process.cpuUsage();
  report.cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - startedAt)) * 100;
  process.send?.(report, () => process.exit(0));
});
