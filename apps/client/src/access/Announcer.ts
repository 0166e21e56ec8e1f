import { element } from '../ui/dom';

/** How many sentences the live region keeps (older ones have been read and only lengthen the page). */
const KEEP = 6;

/**
 * The page's live region for screen readers: each sentence is added as its own line, so a reader announces every
 * one (setting the same text twice would be read once), politely, without moving focus.
 */
export class Announcer {
  private readonly region = element<HTMLDivElement>('announcer');

  say(text: string): void {
    if (!text) return;
    const line = document.createElement('p');
    line.textContent = text;
    this.region.append(line);
    while (this.region.childElementCount > KEEP) this.region.firstElementChild?.remove();
  }
}
