/** Bits of a 4-bit autotile neighbour mask: a set bit means that neighbour is the same kind of tile. */
export const N = 1;
export const E = 2;
export const S = 4;
export const W = 8;
