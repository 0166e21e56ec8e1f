import { filmOnStage } from '../screen/filmOnStage';
import { element } from '../ui/dom';

/** A member a teacher put on the stage: their camera, shown large to the whole room. */
export interface StagedPerson {
  userId: string;
  name: string;
  /** Ourselves: the picture is mirrored, as in our own bubble. */
  self: boolean;
  stream: MediaStream | undefined;
  camOn: boolean;
}

/**
 * The classroom's big picture: a shared screen shown large with whose it is, a lesson's staged member (large, or beside
 * the screen when someone shares, as the screen is what the room is looking at), and, for the person sharing, the
 * "you are sharing" bar with its stop button. A film on the room's screen (filmOnStage) wins over a shared screen,
 * which waits, captioned, until the film is taken off. `#stage` carries `data-stage-user` with whom a teacher staged.
 */
export class ClassroomStage {
  private readonly stage = element<HTMLDivElement>('stage');
  private readonly video = element<HTMLVideoElement>('stage-video');
  private readonly caption = element<HTMLDivElement>('stage-caption');
  private readonly person = element<HTMLDivElement>('stage-person');
  private readonly personVideo = element<HTMLVideoElement>('stage-person-video');
  private readonly personCaption = element<HTMLDivElement>('stage-person-caption');
  private readonly bar = element<HTMLDivElement>('share-bar');
  private readonly preview = element<HTMLVideoElement>('share-preview');
  private screen: { name: string; stream: MediaStream } | undefined;
  private staged: StagedPerson | undefined;

  constructor(stopSharing: () => void) {
    element<HTMLButtonElement>('share-stop').addEventListener('click', stopSharing);
    filmOnStage.onChange(() => this.layout());
  }

  /** Shows someone's screen large (or, with undefined, takes it down). */
  show(share: { name: string; stream: MediaStream } | undefined): void {
    this.screen = share;
    if (this.video.srcObject !== (share?.stream ?? null)) this.video.srcObject = share?.stream ?? null;
    this.layout();
  }

  /** Shows the member a teacher staged (or, with undefined, nobody); cheap when nothing changed. */
  showPerson(person: StagedPerson | undefined): void {
    this.staged = person;
    const stream = person?.stream ?? null;
    if (this.personVideo.srcObject !== stream) this.personVideo.srcObject = stream;
    this.personVideo.classList.toggle('mirrored', !!person?.self);
    const caption = !person
      ? ''
      : `${person.self ? 'You are' : `${person.name} is`} on stage${person.camOn ? '' : ' (camera off)'}`;
    if (this.personCaption.textContent !== caption) this.personCaption.textContent = caption;
    this.layout();
  }

  /** The "you are sharing" bar, with a small preview of what the room sees. */
  showSharing(stream: MediaStream | undefined): void {
    this.bar.hidden = !stream;
    if (this.preview.srcObject !== (stream ?? null)) this.preview.srcObject = stream ?? null;
  }

  private layout(): void {
    const film = filmOnStage.title !== undefined;
    const big = film || !!this.screen;
    const shown = big || !!this.staged;
    if (this.stage.hidden === shown) this.stage.hidden = !shown;
    document.body.classList.toggle('has-stage', shown);
    this.video.hidden = !this.screen || film;
    this.caption.hidden = !this.screen;
    const waiting = film ? ': it shows once the film is off the screen' : '';
    this.caption.textContent = this.screen ? `${this.screen.name} is sharing their screen${waiting}` : '';
    this.caption.classList.toggle('waiting', film);
    this.person.hidden = !this.staged;
    this.stage.dataset.layout =
      big && this.staged ? 'both' : film ? 'film' : this.screen ? 'screen' : 'person';
    if (this.staged) this.stage.dataset.stageUser = this.staged.userId;
    else delete this.stage.dataset.stageUser;
  }
}
