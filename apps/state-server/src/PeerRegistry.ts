import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may use the PeerJS signaling server: each session of an identified user gets a random peer id and token from
 * the state server; the signaling server lets a socket register only with a pair issued here. Ids are not guessable
 * (128 random bits) and one user holds at most one.
 */
export class PeerRegistry {
  private readonly byPeer = new Map<string, { userId: string; token: string }>();
  private readonly byUser = new Map<string, string>();

  /** Issues a fresh id and token for the user, revoking the one they had. */
  issue(userId: string): { peerId: string; token: string } {
    this.revoke(userId);
    const peerId = randomBytes(16).toString('hex'); // PeerJS ids must start and end alphanumeric
    const token = randomBytes(16).toString('hex');
    this.byPeer.set(peerId, { userId, token });
    this.byUser.set(userId, peerId);
    return { peerId, token };
  }

  /** The user a peer id and token were issued to, or undefined when they were not. */
  authorize(peerId: string, token: string): string | undefined {
    const entry = this.byPeer.get(peerId);
    if (!entry) return undefined;
    const a = Buffer.from(entry.token);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? entry.userId : undefined;
  }

  revoke(userId: string): void {
    const peerId = this.byUser.get(userId);
    if (peerId === undefined) return;
    this.byPeer.delete(peerId);
    this.byUser.delete(userId);
  }
}
