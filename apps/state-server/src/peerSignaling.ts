import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { ExpressPeerServer } from 'peer';
import type { Logger } from './logger';
import type { PeerRegistry } from './PeerRegistry';

/** Where PeerJS signaling is mounted; the client's PeerJS `path`. */
export const PEER_PATH = '/peerjs';

/**
 * Mounts PeerJS signaling at PEER_PATH. Only a peer id and token issued to an identified user (by this node, or in a
 * cluster by any node: the registry looks in Redis) may open a signaling socket; anyone else gets 403.
 */
export function mountPeerSignaling(app: Express, http: HttpServer, peers: PeerRegistry, log: Logger): void {
  // PeerJS's WebSocket server answers 400 to any upgrade outside its path, which would kill Socket.IO's;
  // so it only ever sees the upgrades meant for it.
  const peerUpgrades = new EventEmitter();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(`${PEER_PATH}/`)) return;
    const query = new URL(req.url, 'http://campus').searchParams;
    // A browser that gives up while Redis answers must not crash the process with an unhandled socket error.
    const dropped = (): void => void socket.destroy();
    socket.once('error', dropped);
    peers.authorize(query.get('id') ?? '', query.get('token') ?? '').then(
      (userId) => {
        socket.off('error', dropped);
        if (socket.destroyed) return;
        if (userId === undefined) socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        else peerUpgrades.emit('upgrade', req, socket, head);
      },
      (err: unknown) => {
        log.warn({ err: String(err) }, 'could not check a signaling token');
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      },
    );
  });
  const peerServer = ExpressPeerServer(peerUpgrades as unknown as HttpServer, {
    path: '/',
    allow_discovery: false,
    proxied: true,
  });
  app.use(PEER_PATH, peerServer);
}
