/**
 * The wire protocol's version. Bump it on any change a deployed client could misread;
 * the server refuses clients that send a different one (ConnectRefusal.PROTOCOL_MISMATCH).
 */
export const PROTOCOL_VERSION = 4;
