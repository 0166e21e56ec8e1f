import type { FileSharing } from './FileSharing';
import { offerLine, offeredLine, progressLine, endedText } from './fileText';
import { formatBytes, saveName } from './saveName';
import type { Incoming, Outgoing } from './transfers';

/**
 * The live card of each file offer this page knows, shown inside its chat line: accept or decline, a progress bar
 * with speed and time left, cancel, and (only once the whole file matched its hash) a link to save it. Names are
 * text, never HTML; nothing is ever opened by itself.
 */
export class FileCards {
  private readonly cards = new Map<string, HTMLElement>();
  private readonly urls = new Map<string, string>();

  constructor(
    private readonly files: FileSharing,
    private readonly nameOf: (userId: string) => string | undefined,
  ) {
    files.onChange(() => {
      for (const id of this.cards.keys()) this.draw(id);
    });
  }

  /** The card for an offer (made on first asking, then kept up to date), or undefined for one this page never saw. */
  card(id: string): HTMLElement | undefined {
    if (!this.files.get(id)) return undefined;
    let card = this.cards.get(id);
    if (!card) {
      card = document.createElement('section');
      card.className = 'file-card';
      card.dataset.fileId = id;
      this.cards.set(id, card);
      this.draw(id);
    }
    return card;
  }

  private draw(id: string): void {
    const card = this.cards.get(id);
    const t = this.files.get(id);
    if (!card || !t) return;
    const parts = t.dir === 'in' ? this.incoming(t) : this.outgoing(t);
    const key = JSON.stringify(parts.map((p) => (p instanceof HTMLElement ? p.outerHTML : p)));
    if (card.dataset.key === key) return;
    card.dataset.key = key;
    card.dataset.state = t.status.kind;
    card.replaceChildren(...parts.map((p) => (typeof p === 'string' ? line(p) : p)));
  }

  private incoming(t: Incoming): Array<string | HTMLElement> {
    const head = offerLine(t.offer);
    switch (t.status.kind) {
      case 'offered':
        return [
          head,
          buttons(
            button('Accept', () => void this.files.accept(t.id)),
            button('Decline', () => this.files.decline(t.id)),
          ),
        ];
      case 'declined':
        return [head, 'Declined.'];
      case 'receiving': {
        const { download } = t.status;
        const progress = download.progress;
        const state =
          download.current.kind === 'verifying'
            ? 'Checking the whole file against its hash…'
            : progressLine(progress);
        return [
          head,
          bar(progress.receivedBytes, progress.size),
          state,
          buttons(button('Cancel', () => this.files.cancel(t.id))),
        ];
      }
      case 'ready': {
        const link = document.createElement('a');
        link.textContent = `Save ${t.offer.name}`;
        link.download = saveName(t.offer.name);
        link.href = this.url(t.id, t.status.file);
        link.className = 'file-save';
        return [head, 'Complete, and it matches the hash the sender announced.', link];
      }
      case 'failed':
        return [head, t.status.message, buttons(button('Try again', () => void this.files.accept(t.id)))];
      case 'ended':
        return [head, endedText(t.offer, t.status.reason)];
      default: {
        const unreachable: never = t.status;
        return [String(unreachable)];
      }
    }
  }

  private outgoing(t: Outgoing): Array<string | HTMLElement> {
    const to = t.audience.kind === 'room' ? 'the room' : (this.nameOf(t.audience.userId) ?? 'them');
    const head = offeredLine(t.name, t.size, to);
    switch (t.status.kind) {
      case 'hashing':
        return [
          head,
          bar(t.status.hashedBytes, t.size),
          `Computing its hash… ${formatBytes(t.status.hashedBytes)} of ${formatBytes(t.size)}`,
        ];
      case 'offered': {
        const sent = this.files.sentBytes(t.id);
        const who = (ids: Set<string>): string => [...ids].map((u) => this.nameOf(u) ?? 'someone').join(', ');
        const lines = [head, `Sent ${formatBytes(sent)} (${(sent / t.size).toFixed(1)} copies)`];
        if (t.accepted.size) lines.push(`Taking it: ${who(t.accepted)}`);
        if (t.declined.size) lines.push(`Declined: ${who(t.declined)}`);
        return [...lines, buttons(button('Withdraw', () => this.files.cancel(t.id)))];
      }
      case 'withdrawn':
        return [head, 'No longer offered.'];
      case 'refused':
        return [head, `Not offered: ${t.status.message}`];
      default: {
        const unreachable: never = t.status;
        return [String(unreachable)];
      }
    }
  }

  private url(id: string, file: Blob): string {
    let url = this.urls.get(id);
    if (!url) {
      url = URL.createObjectURL(file);
      this.urls.set(id, url);
    }
    return url;
  }
}

function line(text: string): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

function bar(value: number, max: number): HTMLElement {
  const progress = document.createElement('progress');
  progress.max = max;
  progress.value = value;
  progress.setAttribute('aria-label', 'Transfer progress');
  return progress;
}

function buttons(...list: HTMLButtonElement[]): HTMLElement {
  const div = document.createElement('div');
  div.className = 'file-actions';
  div.append(...list);
  return div;
}

function button(label: string, action: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', action);
  return b;
}
