/**
 * Error codes sent to clients, grouped by range like HTTP statuses.
 * A client switches on the code; the message is for people reading logs.
 */

/** 4000–4099: refusals at connect time (before any message is read). */
export const ConnectRefusal = {
  PROTOCOL_MISMATCH: 4000,
  SERVER_FULL: 4001,
  SERVER_DRAINING: 4002,
} as const;
export type ConnectRefusal = (typeof ConnectRefusal)[keyof typeof ConnectRefusal];

/** 4100–4199: a message was refused because of its shape or its content. */
export const MessageError = {
  INVALID_PAYLOAD: 4100,
  UNKNOWN_EVENT: 4101,
  NOT_JOINED: 4102,
  ALREADY_JOINED: 4103,
  OUT_OF_BOUNDS: 4104,
  POSITION_BLOCKED: 4105,
  POSITION_IMPLAUSIBLE: 4106,
  PAYLOAD_TOO_LARGE: 4107,
} as const;
export type MessageError = (typeof MessageError)[keyof typeof MessageError];

/** 4500–4599: the server failed; the message may be retried. */
export const ServerFault = {
  INTERNAL_ERROR: 4500,
} as const;
export type ServerFault = (typeof ServerFault)[keyof typeof ServerFault];

/** Every code a client can receive. */
export type ErrorCode = ConnectRefusal | MessageError | ServerFault;

const names = new Map<number, string>(
  [...Object.entries(ConnectRefusal), ...Object.entries(MessageError), ...Object.entries(ServerFault)].map(
    ([name, code]) => [code, name],
  ),
);

/** The constant's name for a code, for logs and error messages: `codeName(4100) === 'INVALID_PAYLOAD'`. */
export function codeName(code: number): string {
  return names.get(code) ?? `UNKNOWN_${code}`;
}
