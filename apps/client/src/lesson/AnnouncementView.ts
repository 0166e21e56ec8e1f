import { Limits, type Announcement } from '@campus/protocol';
import { element } from '../ui/dom';

/**
 * Campus-wide announcements: the teacher's "Announce" button in the HUD with its dialog, and the banner everyone sees
 * (`#announcement`, dismissible) when one arrives. The text goes in as text, never as HTML.
 */
export class AnnouncementView {
  private readonly button = element<HTMLButtonElement>('hud-announce');
  private readonly dialog = element<HTMLDialogElement>('announce-dialog');
  private readonly form = element<HTMLFormElement>('announce-form');
  private readonly text = element<HTMLTextAreaElement>('announce-text');
  private readonly count = element<HTMLSpanElement>('announce-count');
  private readonly send = element<HTMLButtonElement>('announce-send');
  private readonly banner = element<HTMLDivElement>('announcement');
  private readonly bannerFrom = element<HTMLSpanElement>('announcement-from');
  private readonly bannerText = element<HTMLSpanElement>('announcement-text');

  constructor(announce: (text: string) => Promise<boolean>) {
    this.text.maxLength = Limits.ANNOUNCEMENT_MAX;
    this.button.addEventListener('click', () => this.open());
    element('announce-cancel').addEventListener('click', () => this.dialog.close());
    this.text.addEventListener('input', () => this.counted());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.text.value.trim();
      if (!text || this.send.disabled) return;
      this.send.disabled = true;
      void announce(text)
        .then((sent) => {
          if (!sent) return;
          this.text.value = '';
          this.dialog.close();
        })
        .finally(() => {
          this.send.disabled = false;
        });
    });
    element('announcement-dismiss').addEventListener('click', () => (this.banner.hidden = true));
  }

  /** Only teachers announce: the button shows for them. */
  setTeacher(teaches: boolean): void {
    this.button.hidden = !teaches;
    if (!teaches && this.dialog.open) this.dialog.close();
  }

  /** Shows an announcement in the banner, over any earlier one. */
  show(announcement: Announcement, selfId: string): void {
    this.bannerFrom.textContent =
      announcement.from === selfId ? 'Your announcement' : `Announcement from ${announcement.fromName}`;
    this.bannerText.textContent = announcement.text;
    this.banner.dataset.id = announcement.id;
    this.banner.hidden = false;
  }

  private open(): void {
    this.counted();
    this.dialog.showModal();
    this.text.focus();
  }

  private counted(): void {
    this.count.textContent = `${this.text.value.length} / ${Limits.ANNOUNCEMENT_MAX}`;
  }
}
