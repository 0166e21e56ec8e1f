import { element } from '../ui/dom';

/**
 * The classroom's big picture: a shared screen shown large with whose it is, and, for the person sharing, the
 * "you are sharing" bar with its stop button.
 */
export class ClassroomStage {
  private readonly stage = element<HTMLDivElement>('stage');
  private readonly video = element<HTMLVideoElement>('stage-video');
  private readonly caption = element<HTMLDivElement>('stage-caption');
  private readonly bar = element<HTMLDivElement>('share-bar');
  private readonly preview = element<HTMLVideoElement>('share-preview');

  constructor(stopSharing: () => void) {
    element<HTMLButtonElement>('share-stop').addEventListener('click', stopSharing);
  }

  /** Shows someone's screen large (or, with undefined, takes the stage down). */
  show(share: { name: string; stream: MediaStream } | undefined): void {
    this.stage.hidden = !share;
    document.body.classList.toggle('has-stage', !!share);
    if (this.video.srcObject !== (share?.stream ?? null)) this.video.srcObject = share?.stream ?? null;
    this.caption.textContent = share ? `${share.name} is sharing their screen` : '';
  }

  /** The "you are sharing" bar, with a small preview of what the room sees. */
  showSharing(stream: MediaStream | undefined): void {
    this.bar.hidden = !stream;
    if (this.preview.srcObject !== (stream ?? null)) this.preview.srcObject = stream ?? null;
  }
}
