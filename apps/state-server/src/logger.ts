import { pino, type DestinationStream, type LevelWithSilent } from 'pino';

/** The little the server needs of a logger; structured fields first, like pino (a pino logger is one). */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /** A logger that adds `bindings` to every entry; pino's child loggers. */
  child?(bindings: Record<string, unknown>): Logger;
}

export interface JsonLoggerOptions {
  level?: LevelWithSilent;
  /** Fields on every line, e.g. `{ node }`. */
  base?: Record<string, unknown>;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** One JSON line per entry (pino), with the level as a word and an ISO time, ready for a log shipper. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** JSON lines on stdout at level info, with no node id; `main.ts` makes one that carries its node id. */
export const jsonLogger: Logger = createJsonLogger();

/** Drops everything; for tests. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** `log` with `bindings` on every entry: its own child logger when it has them, a wrapper otherwise. */
export function withFields(log: Logger, bindings: Record<string, unknown>): Logger {
  if (log.child) return log.child(bindings);
  return {
    info: (fields, message) => log.info({ ...bindings, ...fields }, message),
    warn: (fields, message) => log.warn({ ...bindings, ...fields }, message),
    error: (fields, message) => log.error({ ...bindings, ...fields }, message),
    child: (more) => withFields(log, { ...bindings, ...more }),
  };
}
