/** A Tiled JSON file as Tiled writes it: indented, one value a line. */
export const json = (value: unknown): string => `${JSON.stringify(value, null, 1)}\n`;

/** A 20 × 12 room: walls (`#`) round open floor. */
export const FRAME = [
  '####################',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '####################',
];
