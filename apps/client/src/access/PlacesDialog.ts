import { element } from '../ui/dom';
import { ModalDialog } from './ModalDialog';
import type { Destination } from './wayfinding';

export interface PlacesDeps {
  /** The rooms and people to list, as they stand when the list opens. */
  list(): { rooms: Destination[]; people: Destination[] };
  /** Starts the walk; the dialog has closed by then. */
  walk(destination: Destination): void;
}

/**
 * "Go to": every room and everyone around as a list of buttons, so a keyboard or screen-reader user reaches Room 101
 * without steering. Opened by the HUD's button or G; Enter on a place walks there, Escape closes, and focus goes back
 * where it was.
 */
export class PlacesDialog {
  private readonly rooms = element<HTMLUListElement>('places-rooms');
  private readonly people = element<HTMLUListElement>('places-people');
  private readonly nobody = element<HTMLParagraphElement>('places-nobody');
  private readonly modal: ModalDialog;
  private shown: Destination[] = [];

  constructor(private readonly deps: PlacesDeps) {
    this.modal = new ModalDialog('places', {
      opener: 'hud-places',
      closer: 'places-close',
      key: (event) => event.code === 'KeyG',
      opening: () => {
        const { rooms, people } = this.deps.list();
        this.shown = [...rooms, ...people];
        this.fill(this.rooms, rooms, 0);
        this.fill(this.people, people, rooms.length);
        this.nobody.hidden = people.length > 0;
        return this.rooms.querySelector('button');
      },
    });
    for (const list of [this.rooms, this.people])
      list.addEventListener('click', (event) => {
        const button = (event.target as Element).closest<HTMLButtonElement>('button[data-place]');
        const place = button && this.shown[Number(button.dataset.place)];
        if (!place) return;
        this.modal.dismiss();
        this.deps.walk(place);
      });
  }

  private fill(list: HTMLUListElement, places: Destination[], first: number): void {
    list.replaceChildren(
      ...places.map((place, i) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'place';
        button.dataset.place = String(first + i);
        button.dataset.kind = place.kind;
        button.dataset.id = place.id;
        // Read out as "Walk to Room 101: classroom, holds 12, empty"; drawn as the name over the detail.
        const span = (className: string, text: string): HTMLSpanElement => {
          const part = document.createElement('span');
          part.className = className;
          part.textContent = text;
          return part;
        };
        button.append(
          span('visually-hidden', 'Walk to '),
          span('place-name', place.name),
          span('visually-hidden', ': '),
          span('place-detail', place.detail),
        );
        item.append(button);
        return item;
      }),
    );
  }
}
