import type { PositionState } from '@campus/protocol';

/** Hears of changes other parts of the server follow (classroom membership, media credentials, the cluster). */
export interface WorldObserver {
  /**
   * The user started a new stroke (or was placed somewhere on joining or resuming); `local` when this node holds
   * their session, false for what another node of a cluster announced.
   */
  moved?(userId: string, stroke: PositionState, local: boolean): void;
  /** A session on this node took the user's presence: a join, a reload, a takeover from here or from another node. */
  joined?(userId: string, sessionId: string): void;
  /** What others see of a user whose session is on this node changed: profile, media or connection (moves: `moved`). */
  changed?(userId: string): void;
  /** The user has left for good (after any grace period); `local` and `sessionId` say whose session ended. */
  left?(userId: string, local: boolean, sessionId: string): void;
}
