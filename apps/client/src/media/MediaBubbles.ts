import { element } from '../ui/dom';

export interface BubbleView {
  id: string;
  name: string;
  stream: MediaStream | undefined;
  /** Their microphone is off. */
  muted: boolean;
  /** Their camera is off: show their initial instead of a blank frame. */
  cameraOff: boolean;
  speaking: boolean;
  /** The classroom grid's highlighted speaker. */
  active?: boolean;
  self?: boolean;
}

/** The row of video bubbles for the people you are talking with, and your own. Names go in as text. */
export class MediaBubbles {
  private readonly root = element<HTMLDivElement>('bubbles');
  private readonly note = element<HTMLDivElement>('media-note');
  private readonly nodes = new Map<
    string,
    {
      box: HTMLDivElement;
      video: HTMLVideoElement;
      name: HTMLSpanElement;
      muted: HTMLSpanElement;
      placeholder: HTMLDivElement;
    }
  >();

  render(views: readonly BubbleView[]): void {
    const wanted = new Set(views.map((v) => v.id));
    for (const [id, node] of this.nodes) {
      if (!wanted.has(id)) {
        node.video.srcObject = null;
        node.box.remove();
        this.nodes.delete(id);
      }
    }
    for (const view of views) {
      const node = this.nodes.get(view.id) ?? this.create(view.id, view.self ?? false);
      if (node.video.srcObject !== (view.stream ?? null)) node.video.srcObject = view.stream ?? null;
      node.name.textContent = view.self ? `${view.name} (you)` : view.name;
      node.muted.hidden = !view.muted;
      node.placeholder.hidden = !view.cameraOff;
      node.placeholder.textContent = [...view.name][0]?.toUpperCase() ?? '?';
      node.box.classList.toggle('speaking', view.speaking);
      node.box.classList.toggle('active', view.active ?? false);
      this.root.append(node.box); // keeps the order of `views`
    }
  }

  /** In a classroom the bubbles become a grid of everyone in the room. */
  setGrid(on: boolean): void {
    this.root.classList.toggle('grid', on);
    this.root.setAttribute('aria-label', on ? 'Everyone in the room' : 'People you are talking with');
  }

  /** A line under the bubbles, e.g. how many more people are near than links allow. */
  setNote(text: string | undefined): void {
    this.note.hidden = !text;
    this.note.textContent = text ?? '';
  }

  private create(id: string, self: boolean) {
    const box = document.createElement('div');
    box.className = self ? 'bubble self' : 'bubble';
    box.dataset.userId = id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true; // sound goes through the spatial mixer
    const placeholder = document.createElement('div');
    placeholder.className = 'placeholder';
    const name = document.createElement('span');
    name.className = 'name';
    const muted = document.createElement('span');
    muted.className = 'muted';
    muted.textContent = '✕';
    muted.title = 'Microphone off';
    box.append(video, placeholder, name, muted);
    const node = { box, video, name, muted, placeholder };
    this.nodes.set(id, node);
    return node;
  }
}
