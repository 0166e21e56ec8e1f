import { DisplayName, type AvatarLook, type Status } from '@campus/protocol';
import { applyTextSize, loadTextSize, saveTextSize, type TextSize } from '../access/textSize';
import { element } from './dom';
import { LookPicker } from './LookPicker';

export interface SettingsValues {
  name: string;
  look: AvatarLook;
  status: Status;
}

/** The settings card: change name, look and status, or forget this browser's identity. */
export class SettingsDialog {
  private readonly form = element<HTMLFormElement>('settings');
  private readonly name = element<HTMLInputElement>('settings-name');
  private readonly status = element<HTMLSelectElement>('settings-status');
  private readonly error = element<HTMLParagraphElement>('settings-error');
  private readonly textSize = element<HTMLSelectElement>('settings-text');
  private looks: LookPicker | undefined;
  private returnFocus: HTMLElement | undefined;

  constructor(
    private readonly save: (values: SettingsValues) => void,
    private readonly forget: () => void,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = DisplayName.safeParse(this.name.value);
      if (!name.success) {
        this.error.textContent = 'Please enter a name of 1 to 32 characters.';
        this.error.hidden = false;
        return;
      }
      this.save({ name: name.data, look: this.looks?.value ?? 'sky', status: this.status.value as Status });
      // The text size is this browser's own: kept here, never sent.
      const size = Number(this.textSize.value) as TextSize;
      saveTextSize(localStorage, size);
      applyTextSize(document.documentElement, size);
      this.close();
    });
    element('settings-cancel').addEventListener('click', () => this.close());
    this.form.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      this.close();
    });
    element('settings-forget').addEventListener('click', () => {
      if (
        window.confirm('Forget you on this browser? Your name, look and all chats kept here will be deleted.')
      ) {
        this.forget();
      }
    });
  }

  get isOpen(): boolean {
    return !this.form.hidden;
  }

  open(current: SettingsValues): void {
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    this.name.value = current.name;
    this.status.value = current.status;
    this.textSize.value = String(loadTextSize(localStorage));
    this.looks = new LookPicker(element('settings-looks'), current.look);
    this.error.hidden = true;
    this.form.hidden = false;
    this.name.focus();
  }

  /** Closes the card, and focus goes back where it was (the settings button, for a keyboard user). */
  close(): void {
    this.form.hidden = true;
    this.returnFocus?.focus();
    this.returnFocus = undefined;
  }
}
