import type { Server, Socket } from 'socket.io';
import {
  ConnectRefusal,
  Handshake,
  IdentitySecret,
  PROTOCOL_VERSION,
  codeName,
  type ConnectRefusalData,
} from '@campus/protocol';
import { deriveUserId } from './identity';
import type { Logger } from './logger';
import type { PromMetrics } from './Metrics';
import type { Occupancy } from './Occupancy';
import type { Roles } from './teaching/Roles';

export interface Admission {
  isDraining(): boolean;
  metrics: Pick<PromMetrics, 'rejected'>;
  occupancy: Occupancy;
  /** Said in the SERVER_FULL refusal. */
  maxPeople?: number;
  /** Looks up the role an identity holds, for its join reply. */
  roles?: Roles;
  log: Logger;
}

function refuse(code: ConnectRefusal, message: string): Error {
  const refusal = new Error(message) as Error & { data: ConnectRefusalData };
  refusal.data = { code, reason: codeName(code), serverProtocolVersion: PROTOCOL_VERSION };
  return refusal;
}

/**
 * The handshake's door (Socket.IO middleware): refuses, with a code, while draining, on another protocol version, on a
 * malformed identity, or when the campus is full; otherwise stamps the connection with the user id its secret proves
 * (and the role that identity holds). Nothing a client sends later can change who it is.
 */
export function admitConnections(admission: Admission): Parameters<Server['use']>[0] {
  return (socket: Socket, next: (err?: Error) => void): void => {
    if (admission.isDraining()) {
      admission.metrics.rejected(ConnectRefusal.SERVER_DRAINING);
      next(refuse(ConnectRefusal.SERVER_DRAINING, 'this server is shutting down; connect again'));
      return;
    }
    const handshake = Handshake.safeParse(socket.handshake.auth);
    if (!handshake.success || handshake.data.protocolVersion !== PROTOCOL_VERSION) {
      const version = handshake.success ? handshake.data.protocolVersion : 'missing';
      admission.metrics.rejected(ConnectRefusal.PROTOCOL_MISMATCH);
      next(
        refuse(
          ConnectRefusal.PROTOCOL_MISMATCH,
          `protocol version ${version} is not ${PROTOCOL_VERSION}; reload the page`,
        ),
      );
      return;
    }
    const secret = IdentitySecret.safeParse(handshake.data.secret);
    if (!secret.success) {
      admission.metrics.rejected(ConnectRefusal.IDENTITY_INVALID);
      next(refuse(ConnectRefusal.IDENTITY_INVALID, 'the handshake needs a 32-byte base64url secret'));
      return;
    }
    // Who this is comes from the secret alone; nothing a client sends later can change it.
    const userId = deriveUserId(secret.data);
    if (!admission.occupancy.admit(userId)) {
      admission.metrics.rejected(ConnectRefusal.SERVER_FULL);
      next(
        refuse(
          ConnectRefusal.SERVER_FULL,
          `this campus is full (${admission.maxPeople} people); try again later`,
        ),
      );
      return;
    }
    // Counted until the connection closes, whether or not the socket ever gets to connect.
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      admission.occupancy.release(userId);
    };
    socket.on('disconnect', release);
    socket.conn.once('close', release);
    socket.data.userId = userId;
    // The role a teacher link bound to this identity earlier, for the join reply (each action checks it again).
    if (!admission.roles) return next();
    admission.roles.roleOf(userId).then(
      (role) => {
        socket.data.role = role;
        next();
      },
      (err: unknown) => {
        admission.log.warn({ err: String(err), userId }, 'could not look up a role');
        next();
      },
    );
  };
}
