import { AVATAR_LOOKS, DisplayName } from '@campus/protocol';
import { element } from './dom';
import { LookPicker } from './LookPicker';
import type { RememberedProfile } from './profileStore';

/**
 * The join form: a name and one of the looks, prefilled from last visit. `submit` decides whether the attempt worked
 * (and may throw a message to show); the form hides once it does.
 */
export function showJoinScreen(
  remembered: RememberedProfile | undefined,
  submit: (profile: RememberedProfile) => Promise<void>,
): void {
  const form = element<HTMLFormElement>('join');
  const nameInput = element<HTMLInputElement>('join-name');
  const error = element<HTMLParagraphElement>('join-error');
  const button = element<HTMLButtonElement>('join-submit');
  const randomLook = AVATAR_LOOKS[Math.floor(Math.random() * AVATAR_LOOKS.length)] ?? 'sky';
  const looks = new LookPicker(element('join-looks'), remembered?.look ?? randomLook);
  nameInput.value = remembered?.name ?? '';

  form.hidden = false;
  nameInput.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = DisplayName.safeParse(nameInput.value);
    if (!name.success) {
      error.textContent = 'Please enter a name of 1 to 32 characters.';
      error.hidden = false;
      return;
    }
    error.hidden = true;
    button.disabled = true;
    submit({ name: name.data, look: looks.value })
      .then(() => {
        form.hidden = true;
      })
      .catch((err: unknown) => {
        error.textContent = err instanceof Error ? err.message : 'Could not enter the campus. Try again.';
        error.hidden = false;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
