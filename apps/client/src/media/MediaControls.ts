import { element, isCampusKey } from '../ui/dom';

export interface ControlsState {
  mic: boolean;
  cam: boolean;
  dnd: boolean;
  /** Sharing our screen with the classroom. */
  screen: boolean;
  /** In a classroom, where a screen can be shared (the button shows only there). */
  screenAvailable: boolean;
  micAvailable: boolean;
  camAvailable: boolean;
}

export interface ControlsActions {
  toggleMic(): void;
  toggleCam(): void;
  toggleDnd(): void;
  toggleScreen(): void;
  useDevice(kind: 'audio' | 'video', deviceId: string): void;
}

/** Microphone, camera and do-not-disturb buttons (M, V, N), screen sharing in a classroom, and the device pickers. */
export class MediaControls {
  private readonly root = element<HTMLDivElement>('media-controls');
  private readonly mic = element<HTMLButtonElement>('mic-toggle');
  private readonly cam = element<HTMLButtonElement>('cam-toggle');
  private readonly dnd = element<HTMLButtonElement>('dnd-toggle');
  private readonly screen = element<HTMLButtonElement>('screen-toggle');
  private readonly micSelect = element<HTMLSelectElement>('mic-select');
  private readonly camSelect = element<HTMLSelectElement>('cam-select');

  constructor(actions: ControlsActions) {
    this.mic.addEventListener('click', () => actions.toggleMic());
    this.cam.addEventListener('click', () => actions.toggleCam());
    this.dnd.addEventListener('click', () => actions.toggleDnd());
    this.screen.addEventListener('click', () => actions.toggleScreen());
    this.micSelect.addEventListener('change', () => actions.useDevice('audio', this.micSelect.value));
    this.camSelect.addEventListener('change', () => actions.useDevice('video', this.camSelect.value));
    window.addEventListener('keydown', (event) => {
      if (!isCampusKey(event) || this.root.hidden) return;
      if (event.code === 'KeyM') actions.toggleMic();
      else if (event.code === 'KeyV') actions.toggleCam();
      else if (event.code === 'KeyN') actions.toggleDnd();
    });
  }

  show(state: ControlsState): void {
    this.root.hidden = false;
    this.mic.setAttribute('aria-pressed', String(state.mic));
    this.mic.textContent = state.micAvailable ? (state.mic ? 'Mic on' : 'Mic off') : 'No mic';
    this.mic.disabled = !state.micAvailable;
    this.cam.setAttribute('aria-pressed', String(state.cam));
    this.cam.textContent = state.camAvailable ? (state.cam ? 'Camera on' : 'Camera off') : 'No camera';
    this.cam.disabled = !state.camAvailable;
    this.dnd.setAttribute('aria-pressed', String(state.dnd));
    this.screen.hidden = !state.screenAvailable && !state.screen;
    this.screen.setAttribute('aria-pressed', String(state.screen));
    this.screen.textContent = state.screen ? 'Stop sharing' : 'Share screen';
  }

  /** Fills the device pickers once the browser lets us see device names. */
  async listDevices(current: { audioId?: string; videoId?: string }): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, selected?: string): void => {
      const options = devices
        .filter((d) => d.kind === kind)
        .map((d, i) => {
          const option = document.createElement('option');
          option.value = d.deviceId;
          option.textContent = d.label || `${kind === 'audioinput' ? 'Microphone' : 'Camera'} ${i + 1}`;
          option.selected = d.deviceId === selected;
          return option;
        });
      select.replaceChildren(...options);
      select.hidden = options.length < 2;
    };
    fill(this.micSelect, 'audioinput', current.audioId);
    fill(this.camSelect, 'videoinput', current.videoId);
  }
}
