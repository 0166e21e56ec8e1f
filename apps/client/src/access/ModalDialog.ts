import { element, isCampusKey } from '../ui/dom';

export interface ModalOptions {
  /** The button that opens it. */
  opener: string;
  /** Its Close button (Escape closes it too, as any modal dialog). */
  closer: string;
  /** The shortcut key that opens it from the campus. */
  key(event: KeyboardEvent): boolean;
  /** Called just before it shows (to fill it in); returns the element to focus. */
  opening(): HTMLElement | null | undefined;
}

/**
 * A modal `<dialog>` of the page opened by a button or a shortcut key: focus goes into it on opening and back where
 * it was on closing (by Escape, its Close button, or `close`), unless it was dismissed for something picked in it.
 */
export class ModalDialog {
  readonly dialog: HTMLDialogElement;
  private returnFocus: HTMLElement | undefined;

  constructor(
    id: string,
    private readonly options: ModalOptions,
  ) {
    this.dialog = element<HTMLDialogElement>(id);
    element(options.opener).addEventListener('click', () => this.open());
    element(options.closer).addEventListener('click', () => this.dialog.close());
    window.addEventListener('keydown', (event) => {
      if (!isCampusKey(event) || event.repeat) return;
      if (!options.key(event)) return;
      event.preventDefault();
      this.open();
    });
    this.dialog.addEventListener('close', () => {
      this.returnFocus?.focus();
      this.returnFocus = undefined;
    });
  }

  open(): void {
    if (this.dialog.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const focus = this.options.opening();
    this.dialog.showModal();
    focus?.focus();
  }

  /** Closes it without giving focus back: what was picked in it is where attention goes now. */
  dismiss(): void {
    this.returnFocus = undefined;
    this.dialog.close();
  }
}
