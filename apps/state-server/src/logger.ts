/** The little the server needs of a logger; structured fields first, like pino. */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** One JSON line per entry on stdout/stderr. */
export const jsonLogger: Logger = {
  info: (fields, message) =>
    console.log(JSON.stringify({ level: 'info', time: Date.now(), msg: message, ...fields })),
  warn: (fields, message) =>
    console.warn(JSON.stringify({ level: 'warn', time: Date.now(), msg: message, ...fields })),
  error: (fields, message) =>
    console.error(JSON.stringify({ level: 'error', time: Date.now(), msg: message, ...fields })),
};

/** Drops everything; for tests. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
