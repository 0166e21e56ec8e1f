/** Nearby chat reaches everyone within this many pixels (8 tiles) of the sender when the message is sent. */
export const CHAT_RADIUS = 128;
