/** Longest name `saveName` gives, in characters (code points). */
const MAX_NAME = 120;
/** Longest ending kept as an extension when a name is cut. */
const MAX_EXTENSION = 16;

// Control characters, bidi marks, overrides and isolates, and invisible format characters: they let a name look
// like something it is not ("gpj.exe" shown as "exe.jpg") or break a save dialog.
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/gu;
const SEPARATORS = /[/\\]/g;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const ENDS = /^[.\s]+|[.\s]+$/gu;
// Windows opens a device instead of a file for these, whatever the extension, and ignores spaces before the dot.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)\s*(\..*)?$/iu;

/** A file name safe to save under on any desktop system, from a name a peer chose. */
export function saveName(name: string): string {
  let safe = name
    .replace(UNPRINTABLE, '')
    .replace(SEPARATORS, '')
    .replace(WINDOWS_FORBIDDEN, '_')
    .replace(ENDS, '');
  safe = cap(safe);
  if (RESERVED.test(safe)) safe = cap(`_${safe}`);
  return safe === '' ? 'download' : safe;
}

/** A byte count for people, in 1000s: "512 B", "1.5 MB", "40 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  let unit = 0;
  while (unit < units.length - 1 && rounded(value) >= 1000) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${rounded(value)} ${units[unit]}`;
}

/** A duration for people: "5 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return min > 0 ? `${h} h ${min} min` : `${h} h`;
  if (min > 0) return s > 0 ? `${min} min ${s} s` : `${min} min`;
  return `${s} s`;
}

/** One decimal below 10, none above; a trailing ".0" is dropped ("2 MB", not "2.0 MB"). */
function rounded(value: number): number {
  return value < 9.95 ? Math.round(value * 10) / 10 : Math.round(value);
}

/** Cuts a name to MAX_NAME code points, keeping a short extension, never splitting a surrogate pair. */
function cap(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME) return name;
  const dot = chars.lastIndexOf('.');
  const extension = dot > 0 && chars.length - dot <= MAX_EXTENSION + 1 ? chars.slice(dot) : [];
  const stem = chars
    .slice(0, MAX_NAME - extension.length)
    .join('')
    .replace(ENDS, '');
  return stem + extension.join('');
}
