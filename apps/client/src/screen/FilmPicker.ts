import type { ScreenSource } from '@campus/protocol';
import { element } from '../ui/dom';

/** A file of the campus's media library, as `GET /media` lists it. */
interface LibraryFile {
  name: string;
  size: number;
  type: string;
  url: string;
}

/** How long (ms) a film gets to say how long it is before it goes on the screen without a known duration. */
const PROBE_MS = 8000;
const VIDEO_PATH = /\.(mp4|m4v|webm|ogv|mov)$/i;

/** What was chosen: the source, and its duration in seconds when this browser could read it. */
export interface FilmChoice {
  source: ScreenSource;
  duration: number | undefined;
}

/**
 * Reads a film's duration the way a player would (its metadata only); 'failed' when this browser cannot play it,
 * undefined when it did not say in time (a slow link: it goes on the screen all the same).
 */
export function probeDuration(url: string, ms = PROBE_MS): Promise<number | undefined | 'failed'> {
  return new Promise((resolve) => {
    const probe = document.createElement('video');
    probe.preload = 'metadata';
    probe.muted = true;
    const done = (result: number | undefined | 'failed'): void => {
      clearTimeout(timer);
      probe.removeAttribute('src');
      probe.load();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), ms);
    probe.addEventListener('loadedmetadata', () =>
      done(Number.isFinite(probe.duration) ? probe.duration : undefined),
    );
    probe.addEventListener('error', () => done('failed'));
    probe.src = url;
  });
}

function megabytes(size: number): string {
  return `${(size / 1_000_000).toFixed(size < 10_000_000 ? 1 : 0)} MB`;
}

/**
 * The "Put on screen" dialog: the library's files, each a button, and a field for a link to a video file. Resolves
 * with the choice once this browser could read the film's metadata, or undefined when the dialog is closed.
 */
export function pickFilm(): Promise<FilmChoice | undefined> {
  const dialog = element<HTMLDialogElement>('film-dialog');
  const list = element<HTMLUListElement>('film-library');
  const empty = element<HTMLParagraphElement>('film-library-empty');
  const form = element<HTMLFormElement>('film-form');
  const link = element<HTMLInputElement>('film-link');
  const error = element<HTMLParagraphElement>('film-error');
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  error.textContent = '';
  link.value = '';
  list.replaceChildren();
  empty.hidden = true;
  return new Promise((resolve) => {
    let busy = false;
    const finish = (choice: FilmChoice | undefined): void => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      opener?.focus();
      resolve(choice);
    };
    const tryFilm = async (source: ScreenSource, url: string): Promise<void> => {
      if (busy) return;
      busy = true;
      error.textContent = 'Checking the film…';
      const duration = await probeDuration(url);
      busy = false;
      if (duration === 'failed') {
        error.textContent = 'That film does not play in this browser (try a WebM or MP4 file).';
        return;
      }
      finish({ source, duration });
    };
    const onSubmit = (event: SubmitEvent): void => {
      event.preventDefault();
      const url = link.value.trim();
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || !VIDEO_PATH.test(parsed.pathname)) {
        error.textContent = 'Paste a link to a video file: an address ending in .mp4, .webm, .ogv or .mov.';
        return;
      }
      void tryFilm({ kind: 'link', url }, url);
    };
    const onClose = (): void => finish(undefined);
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('close', onClose);
    element<HTMLButtonElement>('film-cancel').onclick = () => finish(undefined);
    dialog.showModal();
    void fetch('/media')
      .then((res) => (res.ok ? (res.json() as Promise<{ files: LibraryFile[] }>) : { files: [] }))
      .catch(() => ({ files: [] as LibraryFile[] }))
      .then(({ files }) => {
        empty.hidden = files.length > 0;
        for (const file of files) {
          const item = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = `${file.name} (${megabytes(file.size)})`;
          button.addEventListener(
            'click',
            () => void tryFilm({ kind: 'library', name: file.name }, file.url),
          );
          item.append(button);
          list.append(item);
        }
      });
  });
}
