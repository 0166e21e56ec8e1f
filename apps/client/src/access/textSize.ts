/** The text sizes offered in settings, in per cent of the browser's own. */
export const TEXT_SIZES = [100, 125, 150, 200] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

const KEY = 'campus:text-size:v1';

/** The text size this browser chose, or 100 when none (or something unreadable) is kept. */
export function loadTextSize(storage: Pick<Storage, 'getItem'>): TextSize {
  try {
    const kept = Number(storage.getItem(KEY));
    return (TEXT_SIZES as readonly number[]).includes(kept) ? (kept as TextSize) : 100;
  } catch {
    return 100;
  }
}

/** Keeps the choice; a full or disabled storage only means it is not kept. */
export function saveTextSize(storage: Pick<Storage, 'setItem'>, size: TextSize): void {
  try {
    storage.setItem(KEY, String(size));
  } catch {
    // not kept: the size still applies to this visit
  }
}

/** Scales every panel's text (the page's sizes are in rem): the campus picture keeps its own zoom. */
export function applyTextSize(root: HTMLElement, size: TextSize): void {
  root.style.fontSize = size === 100 ? '' : `${size}%`;
  root.dataset.textSize = String(size);
}
