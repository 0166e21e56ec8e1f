import { SCREEN_MAX_SECONDS, type ScreenSource } from '@campus/protocol';
import { element } from '../ui/dom';
import { filmOnStage } from './filmOnStage';
import type { FilmPlayer, RoomScreen, ScreenStatus } from './RoomScreen';
import { filmTime } from './screenSync';
import { pickFilm } from './FilmPicker';

export interface ScreenViewHooks {
  /** True when we may control the room's screen (anyone in the room; only the teacher while a lesson runs). */
  mayControl(): boolean;
  /** True while we are in a classroom. */
  inRoom(): boolean;
}

const STATUS_TEXT: Record<ScreenStatus, string> = {
  idle: '',
  loading: 'Loading…',
  synced: 'In sync',
  'catching-up': 'Catching up…',
  'muted-by-browser': 'Sound is off',
  failed: 'Cannot play here',
};

/** The `<video>` on the stage, as the screen controller drives it. */
export class HtmlFilmPlayer implements FilmPlayer {
  constructor(private readonly video: HTMLVideoElement) {}

  get currentTime(): number {
    return this.video.currentTime;
  }
  set currentTime(value: number) {
    this.video.currentTime = value;
  }
  get playbackRate(): number {
    return this.video.playbackRate;
  }
  set playbackRate(value: number) {
    this.video.playbackRate = value;
  }
  get volume(): number {
    return this.video.volume;
  }
  set volume(value: number) {
    this.video.volume = value;
  }
  get muted(): boolean {
    return this.video.muted;
  }
  set muted(value: boolean) {
    this.video.muted = value;
  }
  get paused(): boolean {
    return this.video.paused;
  }
  get seeking(): boolean {
    return this.video.seeking;
  }
  get readyState(): number {
    return this.video.readyState;
  }
  play(): Promise<void> {
    return this.video.play();
  }
  pause(): void {
    this.video.pause();
  }
  setSource(url: string | undefined): void {
    if (url) this.video.src = url;
    else this.video.removeAttribute('src');
    this.video.load();
  }
  onError(listener: () => void): void {
    this.video.addEventListener('error', listener);
  }
}

/**
 * The room's screen on the page: the film on the stage, its bar (title, "in sync" badge, time, and for whoever may
 * control it play/pause, the position slider, the speed and "Take off"), and the "Put on screen" button.
 */
export class ScreenView {
  readonly video = element<HTMLVideoElement>('stage-film');
  private readonly bar = element<HTMLDivElement>('film-bar');
  private readonly title = element<HTMLSpanElement>('film-title');
  private readonly sync = element<HTMLSpanElement>('film-sync');
  private readonly controls = element<HTMLSpanElement>('film-controls');
  private readonly play = element<HTMLButtonElement>('film-play');
  private readonly seek = element<HTMLInputElement>('film-seek');
  private readonly rate = element<HTMLSelectElement>('film-rate');
  private readonly time = element<HTMLSpanElement>('film-time');
  private readonly sound = element<HTMLButtonElement>('film-sound');
  private readonly put = element<HTMLButtonElement>('film-put');
  /** True while the person drags the position slider: the time shown follows the slider, not the film. */
  private dragging = false;

  constructor(
    private readonly screen: RoomScreen,
    private readonly hooks: ScreenViewHooks,
  ) {
    screen.onChange(() => this.render());
    this.play.addEventListener('click', () => {
      const playing = this.screen.snapshot.state?.playing ?? false;
      void this.screen.command({ action: playing ? 'pause' : 'play' });
    });
    this.seek.addEventListener('input', () => {
      this.dragging = true;
      this.showTime(Number(this.seek.value));
    });
    this.seek.addEventListener('change', () => {
      this.dragging = false;
      void this.screen.command({ action: 'seek', position: Number(this.seek.value) });
    });
    this.rate.addEventListener(
      'change',
      () => void this.screen.command({ action: 'rate', rate: Number(this.rate.value) }),
    );
    element<HTMLButtonElement>('film-off').addEventListener(
      'click',
      () => void this.screen.command({ action: 'clear' }),
    );
    this.sound.addEventListener('click', () => this.screen.unmute());
    this.put.addEventListener('click', () => void this.choose());
    this.video.addEventListener('timeupdate', () => this.showTime());
  }

  /** Draws the screen as it is; the page calls it again when the lesson or the room changes. */
  render(): void {
    const { state, status } = this.screen.snapshot;
    const film = state?.source ?? undefined;
    const control = this.hooks.mayControl();
    filmOnStage.set(film?.title);
    this.video.hidden = !film;
    this.bar.hidden = !film;
    this.put.hidden = !this.hooks.inRoom() || !control;
    this.put.textContent = film ? 'Change film' : 'Put on screen';
    if (!film || !state) return;
    this.title.textContent = film.title;
    this.sync.textContent = STATUS_TEXT[status];
    this.sync.dataset.status = status;
    this.sound.hidden = status !== 'muted-by-browser';
    this.controls.hidden = !control;
    this.play.textContent = state.playing ? 'Pause' : 'Play';
    this.play.setAttribute(
      'aria-label',
      state.playing ? 'Pause the film for everyone' : 'Play the film for everyone',
    );
    this.seek.max = String(state.duration ?? SCREEN_MAX_SECONDS);
    this.rate.value = String(state.rate);
    this.showTime();
  }

  private showTime(at?: number): void {
    const duration = this.screen.snapshot.state?.duration;
    const position = at ?? this.video.currentTime;
    if (!this.dragging && at === undefined) this.seek.value = String(position);
    this.time.textContent = `${filmTime(position)}${duration !== undefined ? ` / ${filmTime(duration)}` : ''}`;
  }

  /** The "Put on screen" dialog: a file of the library or a link, checked here before it goes to the room. */
  private async choose(): Promise<void> {
    const chosen: { source: ScreenSource; duration: number | undefined } | undefined = await pickFilm();
    if (!chosen) return;
    await this.screen.command({
      action: 'load',
      source: chosen.source,
      ...(chosen.duration !== undefined ? { duration: chosen.duration } : {}),
    });
  }
}
