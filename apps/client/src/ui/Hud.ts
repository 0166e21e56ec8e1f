import type { Area } from '@campus/world';
import type { ConnectionStatus } from '../net/CampusConnection';
import { element } from './dom';

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Connection lost. Reconnecting…',
  full: 'The campus is full',
  replaced: 'Open in another tab',
  refused: 'Refused by the server',
};

/** The small overlay: connection dot, how many are here, which room you are in, and banners. */
export class Hud {
  private readonly root = element<HTMLDivElement>('hud');
  private readonly dot = element<HTMLSpanElement>('hud-status');
  private readonly population = element<HTMLSpanElement>('hud-population');
  private readonly area = element<HTMLSpanElement>('hud-area');
  private readonly role = element<HTMLSpanElement>('hud-role');
  private readonly banner = element<HTMLDivElement>('banner');
  private readonly hint = element<HTMLDivElement>('hint');
  private readonly toast = element<HTMLDivElement>('toast');
  private readonly takeover = element<HTMLDivElement>('takeover');
  private toastTimer: number | undefined;

  /** Wires the settings button and the "use it here" button of the takeover notice. */
  constructor(actions: { settings: () => void; takeBack: () => void }) {
    element('hud-settings').addEventListener('click', actions.settings);
    element('takeover-here').addEventListener('click', () => {
      this.takeover.hidden = true;
      actions.takeBack();
    });
  }

  show(): void {
    this.root.hidden = false;
    this.hint.hidden = false;
    window.setTimeout(() => (this.hint.style.opacity = '0'), 8000);
  }

  setStatus(status: ConnectionStatus, detail?: string): void {
    this.dot.dataset.status = status;
    this.dot.title = STATUS_TEXT[status];
    const problem = status === 'reconnecting' || status === 'full' || status === 'refused';
    this.banner.hidden = !problem;
    if (problem) this.banner.textContent = detail ?? STATUS_TEXT[status];
    this.takeover.hidden = status !== 'replaced';
  }

  /** A short message at the bottom of the screen that goes away by itself. */
  notify(text: string): void {
    this.toast.textContent = text;
    this.toast.hidden = false;
    window.clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => (this.toast.hidden = true), 6000);
  }

  setPopulation(count: number): void {
    this.population.textContent = count === 1 ? 'Just you here' : `${count} here`;
  }

  setArea(area: Area | undefined): void {
    this.area.hidden = !area;
    this.area.textContent = area ? area.name : '';
  }

  /** The role this visitor holds (e.g. "Teacher · Ms. Rivera"), or none. */
  setRole(text: string | undefined): void {
    this.role.hidden = !text;
    this.role.textContent = text ?? '';
  }

  fail(message: string): void {
    this.banner.hidden = false;
    this.banner.textContent = message;
  }
}
