/** Sizes and lengths every party agrees on; the server enforces them. */
export const Limits = {
  NAME_MAX: 32,
  /** Longest chat message, in characters. */
  CHAT_TEXT_MAX: 1000,
  /** Largest payload, in bytes, the server reads (Socket.IO's maxHttpBufferSize). */
  PAYLOAD_MAX_BYTES: 8 * 1024,
  /** The most users one `presence:watch` may follow. */
  WATCH_MAX: 100,
  /** Longest teacher-link token, in characters. */
  TEACHER_TOKEN_MAX: 512,
  /** Longest teacher's announcement, in characters. */
  ANNOUNCEMENT_MAX: 280,
  /** Coordinates beyond this are refused by shape before any map check. */
  COORD_ABS_MAX: 1_000_000,
} as const;
