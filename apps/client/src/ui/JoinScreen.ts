import { AVATAR_LOOKS, DisplayName, type AvatarLook } from '@campus/protocol';
import { AVATAR_SHEET, avatarFrame } from '../world/avatarFrames';
import type { RememberedProfile } from './profileStore';
import { element } from './dom';

const PREVIEW_SCALE = 3;

/**
 * The join form: a name and one of the looks, prefilled from last visit. Resolves when the person enters;
 * `submit` decides whether the attempt worked (and may throw a message to show).
 */
export function showJoinScreen(
  remembered: RememberedProfile | undefined,
  submit: (profile: RememberedProfile) => Promise<void>,
): void {
  const form = element<HTMLFormElement>('join');
  const nameInput = element<HTMLInputElement>('join-name');
  const looks = element<HTMLDivElement>('join-looks');
  const error = element<HTMLParagraphElement>('join-error');
  const button = element<HTMLButtonElement>('join-submit');
  let chosen: AvatarLook =
    remembered?.look ?? AVATAR_LOOKS[Math.floor(Math.random() * AVATAR_LOOKS.length)] ?? 'sky';
  nameInput.value = remembered?.name ?? '';

  looks.replaceChildren(
    ...AVATAR_LOOKS.map((look, i) => {
      const option = document.createElement('button');
      option.type = 'button';
      option.className = 'look';
      option.dataset.look = look;
      option.setAttribute('role', 'radio');
      option.setAttribute('aria-label', `Look ${i + 1}: ${look}`);
      const sprite = document.createElement('span');
      sprite.className = 'look-sprite';
      sprite.style.width = `${AVATAR_SHEET.frameWidth * PREVIEW_SCALE}px`;
      sprite.style.height = `${AVATAR_SHEET.frameHeight * PREVIEW_SCALE}px`;
      sprite.style.backgroundImage = `url(${AVATAR_SHEET.url})`;
      sprite.style.backgroundSize = `${AVATAR_SHEET.framesPerRow * AVATAR_SHEET.frameWidth * PREVIEW_SCALE}px auto`;
      // Standing frame, facing down: the first row of the look's block.
      sprite.style.backgroundPosition = `0 ${(-avatarFrame(look, 'down') / AVATAR_SHEET.framesPerRow) * AVATAR_SHEET.frameHeight * PREVIEW_SCALE}px`;
      option.append(sprite);
      option.addEventListener('click', () => select(look));
      return option;
    }),
  );
  const select = (look: AvatarLook): void => {
    chosen = look;
    for (const option of looks.querySelectorAll<HTMLButtonElement>('.look')) {
      option.setAttribute('aria-checked', String(option.dataset.look === look));
    }
  };
  select(chosen);

  form.hidden = false;
  nameInput.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = DisplayName.safeParse(nameInput.value);
    if (!name.success) {
      error.textContent = `Please enter a name of 1 to 32 characters.`;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    button.disabled = true;
    submit({ name: name.data, look: chosen })
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
