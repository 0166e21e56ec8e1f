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
  private grid = false;

  /** `speaking` hears, at each render, whether anyone in the classroom's grid is speaking. */
  constructor(private readonly speaking?: (anyone: boolean) => void) {}

  /** Shows `views` in this order, touching only what changed since the last call (it runs every 200 ms). */
  render(views: readonly BubbleView[]): void {
    const wanted = new Set(views.map((v) => v.id));
    for (const [id, node] of this.nodes) {
      if (!wanted.has(id)) {
        node.video.srcObject = null;
        node.box.remove();
        this.nodes.delete(id);
      }
    }
    for (const [i, view] of views.entries()) {
      const node = this.nodes.get(view.id) ?? this.create(view.id, view.self ?? false);
      if (node.video.srcObject !== (view.stream ?? null)) node.video.srcObject = view.stream ?? null;
      setText(node.name, view.self ? `${view.name} (you)` : view.name);
      setText(node.placeholder, [...view.name][0]?.toUpperCase() ?? '?');
      if (node.muted.hidden !== !view.muted) node.muted.hidden = !view.muted;
      if (node.placeholder.hidden !== !view.cameraOff) node.placeholder.hidden = !view.cameraOff;
      setClass(node.box, 'speaking', view.speaking);
      setClass(node.box, 'active', view.active ?? false);
      // Moved only when out of its place: re-inserting a playing video restarts its layout and can stall it.
      const there = this.root.children[i];
      if (there !== node.box) this.root.insertBefore(node.box, there ?? null);
    }
    this.speaking?.(this.grid && views.some((v) => v.speaking));
  }

  /** In a classroom the bubbles become a grid of everyone in the room. */
  setGrid(on: boolean): void {
    this.grid = on;
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

function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function setClass(node: HTMLElement, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}
