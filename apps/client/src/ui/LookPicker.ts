import { AVATAR_LOOKS, type AvatarLook } from '@campus/protocol';
import { AVATAR_SHEET, avatarFrame } from '../world/avatarFrames';

const PREVIEW_SCALE = 3;

/** A row of avatar looks to choose from, drawn from the avatar sheet, as a radio group. */
export class LookPicker {
  private chosen: AvatarLook;

  constructor(
    private readonly container: HTMLElement,
    initial: AvatarLook,
  ) {
    this.chosen = initial;
    container.replaceChildren(...AVATAR_LOOKS.map((look, i) => this.option(look, i)));
    this.select(initial);
  }

  get value(): AvatarLook {
    return this.chosen;
  }

  select(look: AvatarLook): void {
    this.chosen = look;
    for (const option of this.container.querySelectorAll<HTMLButtonElement>('.look')) {
      option.setAttribute('aria-checked', String(option.dataset.look === look));
    }
  }

  private option(look: AvatarLook, index: number): HTMLButtonElement {
    const option = document.createElement('button');
    option.type = 'button';
    option.className = 'look';
    option.dataset.look = look;
    option.setAttribute('role', 'radio');
    option.setAttribute('aria-label', `Look ${index + 1}: ${look}`);
    const sprite = document.createElement('span');
    sprite.className = 'look-sprite';
    sprite.style.width = `${AVATAR_SHEET.frameWidth * PREVIEW_SCALE}px`;
    sprite.style.height = `${AVATAR_SHEET.frameHeight * PREVIEW_SCALE}px`;
    sprite.style.backgroundImage = `url(${AVATAR_SHEET.url})`;
    sprite.style.backgroundSize = `${AVATAR_SHEET.framesPerRow * AVATAR_SHEET.frameWidth * PREVIEW_SCALE}px auto`;
    // The standing frame facing down: the first frame of the look's first row.
    const row = avatarFrame(look, 'down') / AVATAR_SHEET.framesPerRow;
    sprite.style.backgroundPosition = `0 ${-row * AVATAR_SHEET.frameHeight * PREVIEW_SCALE}px`;
    option.append(sprite);
    option.addEventListener('click', () => this.select(look));
    return option;
  }
}
