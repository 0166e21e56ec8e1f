import { codeName, type MessageError } from '@campus/protocol';

/** An expected refusal from the world logic; the router turns it into a coded reply. */
export class RoomError extends Error {
  constructor(
    readonly code: MessageError,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = `RoomError(${codeName(code)})`;
  }
}
