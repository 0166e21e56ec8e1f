import { element, isCampusKey } from '../ui/dom';
import type { LessonController } from './LessonController';
import { lessonViewModel, type LessonModel, type PersonRow, type TeacherModel } from './lessonViewModel';

export interface LessonPanelDeps {
  selfId(): string;
  isTeacher(): boolean;
  names(userId: string): string | undefined;
  notify(text: string): void;
}

/**
 * The lesson panel under the HUD: for everyone the hand (H) and their place in the queue, at a locked door the Knock
 * button (K), and for a teacher the door, the microphones, the knocks, the hands, the room (stage, remove), the
 * register and the end of the lesson. It draws lessonViewModel's answer and sends clicks to the controller; lists are
 * rebuilt only when what they show changed, so focus and screen readers are not disturbed by every update.
 */
export class LessonPanel {
  private readonly root = element<HTMLElement>('lesson-panel');
  private readonly body = element<HTMLDivElement>('lesson-body');
  private readonly collapse = element<HTMLButtonElement>('lesson-collapse');
  private readonly title = element<HTMLHeadingElement>('lesson-title');
  private readonly status = element<HTMLUListElement>('lesson-status');
  private readonly door = element<HTMLDivElement>('lesson-door');
  private readonly doorText = element<HTMLParagraphElement>('lesson-door-text');
  private readonly knock = element<HTMLButtonElement>('lesson-knock');
  private readonly floor = element<HTMLParagraphElement>('lesson-floor');
  private readonly micNote = element<HTMLParagraphElement>('lesson-mic-note');
  private readonly student = element<HTMLDivElement>('lesson-student');
  private readonly hand = element<HTMLButtonElement>('lesson-hand');
  private readonly place = element<HTMLSpanElement>('lesson-queue-place');
  private readonly teacher = element<HTMLDivElement>('lesson-teacher');
  private readonly inactive = element<HTMLDivElement>('lesson-inactive');
  private readonly controls = element<HTMLDivElement>('lesson-controls');
  private readonly lock = element<HTMLButtonElement>('lesson-lock');
  private readonly allowUnmute = element<HTMLInputElement>('lesson-allow-unmute');
  private readonly unmuteAll = element<HTMLButtonElement>('lesson-unmute-all');
  private readonly enterMuted = element<HTMLInputElement>('lesson-enter-muted');
  private readonly knocks = element<HTMLUListElement>('lesson-knocks');
  private readonly hands = element<HTMLOListElement>('lesson-hands');
  private readonly floorRow = element<HTMLDivElement>('lesson-floor-row');
  private readonly people = element<HTMLUListElement>('lesson-people');
  private readonly stageClear = element<HTMLButtonElement>('lesson-stage-clear');
  private readonly end = element<HTMLButtonElement>('lesson-end');
  private readonly endConfirm = element<HTMLSpanElement>('lesson-end-confirm-row');
  /** What each list last showed, to rebuild it only when that changes. */
  private readonly shown = new Map<HTMLElement, string>();
  private model: LessonModel | undefined;

  constructor(
    private readonly lessons: LessonController,
    private readonly deps: LessonPanelDeps,
  ) {
    this.collapse.addEventListener('click', () => {
      const open = this.body.hidden;
      this.body.hidden = !open;
      this.collapse.setAttribute('aria-expanded', String(open));
      this.collapse.textContent = open ? '▾' : '▸';
    });
    this.knock.addEventListener('click', () => this.run(this.knock, () => lessons.knock()));
    this.hand.addEventListener('click', () => this.run(this.hand, () => lessons.toggleHand()));
    element('lesson-start').addEventListener('click', (e) =>
      this.run(e.currentTarget as HTMLButtonElement, () => lessons.lock(false)),
    );
    this.lock.addEventListener('click', () =>
      this.run(this.lock, () => lessons.lock(!(this.model?.teacher?.locked ?? false))),
    );
    const muteAll = element<HTMLButtonElement>('lesson-mute-all');
    muteAll.addEventListener('click', () =>
      this.run(muteAll, () => lessons.muteAll(this.allowUnmute.checked)),
    );
    this.unmuteAll.addEventListener('click', () => this.run(this.unmuteAll, () => lessons.unmuteAll()));
    this.enterMuted.addEventListener('change', () => {
      const on = this.enterMuted.checked;
      void lessons.enterMuted(on).then((done) => !done && this.render());
    });
    element('lesson-floor-end').addEventListener('click', () => void lessons.floor(null));
    this.stageClear.addEventListener('click', () => this.run(this.stageClear, () => lessons.stage(null)));
    const register = element<HTMLButtonElement>('lesson-register');
    register.addEventListener('click', () => this.run(register, () => this.saveRegister()));
    this.end.addEventListener('click', () => this.confirmEnd(true));
    element('lesson-end-cancel').addEventListener('click', () => this.confirmEnd(false));
    element('lesson-end-confirm').addEventListener('click', () => {
      this.confirmEnd(false);
      void lessons.end();
    });
    // The lists' buttons say what they do to whom in data attributes: one listener each.
    this.knocks.addEventListener('click', (e) => this.listClick(e));
    this.hands.addEventListener('click', (e) => this.listClick(e));
    this.people.addEventListener('click', (e) => this.listClick(e));
    window.addEventListener('keydown', (event) => {
      if (!isCampusKey(event) || event.repeat) return;
      if (event.code === 'KeyH' && this.model?.hand) void lessons.toggleHand();
      else if (event.code === 'KeyK' && this.model?.door) void lessons.knock();
    });
    lessons.onChange(() => this.render());
  }

  /** Draws the lesson as it stands now (also after the role or a name changed). */
  render(): void {
    const model = lessonViewModel({
      snapshot: this.lessons.snapshot,
      selfId: this.deps.selfId(),
      isTeacher: this.deps.isTeacher(),
      names: (userId) => this.deps.names(userId),
    });
    this.model = model;
    this.root.hidden = !model.visible;
    if (!model.visible) return;
    this.title.textContent = model.title;
    this.list(this.status, model.status, (text) => item('li', text));
    this.door.hidden = !model.door;
    this.doorText.textContent = model.door?.text ?? '';
    this.knock.textContent = model.door?.knockLabel ?? 'Knock';
    this.floor.hidden = !model.floorText;
    this.floor.textContent = model.floorText ?? '';
    this.micNote.hidden = !model.micNote;
    this.micNote.textContent = model.micNote ?? '';
    this.student.hidden = !model.hand;
    this.hand.textContent = model.hand?.label ?? 'Raise hand';
    this.hand.setAttribute('aria-pressed', String(model.hand?.raised ?? false));
    if (this.place.textContent !== (model.hand?.place ?? ''))
      this.place.textContent = model.hand?.place ?? '';
    this.teacher.hidden = !model.teacher;
    if (model.teacher) this.renderTeacher(model.teacher);
  }

  private renderTeacher(t: TeacherModel): void {
    this.inactive.hidden = t.active;
    this.controls.hidden = !t.active;
    this.lock.textContent = t.locked ? 'Unlock door' : 'Lock door';
    this.lock.setAttribute('aria-pressed', String(t.locked));
    this.unmuteAll.hidden = !t.micsLocked;
    this.enterMuted.checked = t.enterMuted;
    this.list(this.knocks, t.knocking, (k) =>
      row(k.name, [
        button('Admit', `Let ${k.name} in`, { admit: k.userId }),
        button('Decline', `Do not let ${k.name} in`, { decline: k.userId }),
      ]),
    );
    this.knocks.dataset.empty = String(t.knocking.length === 0);
    this.list(this.hands, t.hands, (h) =>
      row(`${h.place} · ${h.name}`, [
        button('Give the floor', `Give ${h.name} the floor`, { floor: h.userId }),
        button('Lower', `Lower ${h.name}'s hand`, { lower: h.userId }),
      ]),
    );
    this.hands.dataset.empty = String(t.hands.length === 0);
    this.floorRow.hidden = !t.floor;
    this.list(this.people, t.people, (p) => this.person(p));
    this.stageClear.hidden = !t.stage;
  }

  private person(p: PersonRow): HTMLLIElement {
    const badges = [p.floor ? 'has the floor' : '', p.hand ? 'hand up' : '', p.staged ? 'on stage' : '']
      .filter(Boolean)
      .join(', ');
    const li = row(badges ? `${p.name} (${badges})` : p.name, [
      p.staged
        ? button('Unstage', `Take ${p.name} off the stage`, { stage: '' })
        : button('Stage', `Show ${p.name} large to the room`, { stage: p.userId }),
      ...(p.removable
        ? [button('Remove', `Remove ${p.name} from the lesson`, { remove: p.userId }, 'danger')]
        : []),
    ]);
    li.classList.toggle('has-floor', p.floor);
    return li;
  }

  private listClick(event: Event): void {
    const target = event.target instanceof HTMLElement ? event.target.closest('button') : null;
    if (!target || target.disabled) return;
    const lessons = this.lessons;
    const actions: Array<[string, (userId: string) => Promise<boolean>]> = [
      ['admit', (id) => lessons.admit(id)],
      ['decline', (id) => lessons.decline(id)],
      ['floor', (id) => lessons.floor(id)],
      ['lower', (id) => lessons.lowerHandOf(id)],
      // "Unstage" carries an empty id: the stage is cleared.
      ['stage', (id) => lessons.stage(id || null)],
      ['remove', (id) => lessons.remove(id)],
    ];
    for (const [key, act] of actions) {
      const userId = target.dataset[key];
      if (userId === undefined) continue;
      this.run(target, () => act(userId));
      return;
    }
  }

  private async saveRegister(): Promise<boolean> {
    const register = await this.lessons.downloadRegister();
    if (!register) return false;
    const url = URL.createObjectURL(new Blob([register.csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = register.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser reads the blob when the download starts, which a busy machine may put off: let it go a minute on.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    const n = register.rows.length;
    this.deps.notify(`Saved ${register.fileName} (${n} ${n === 1 ? 'entry' : 'entries'}).`);
    return true;
  }

  private confirmEnd(asking: boolean): void {
    this.end.hidden = asking;
    this.endConfirm.hidden = !asking;
    if (asking) element<HTMLButtonElement>('lesson-end-cancel').focus();
    else this.end.focus();
  }

  /** Runs a click's request with its button disabled meanwhile, so a double click sends it once. */
  private run(target: HTMLButtonElement, action: () => Promise<unknown>): void {
    target.disabled = true;
    void action().finally(() => {
      target.disabled = false;
    });
  }

  /** Rebuilds a list only when what it shows changed. */
  private list<T>(parent: HTMLElement, items: readonly T[], make: (item: T) => HTMLElement): void {
    const key = JSON.stringify(items);
    if (this.shown.get(parent) === key) return;
    this.shown.set(parent, key);
    parent.replaceChildren(...items.map(make));
  }
}

function item(tag: 'li' | 'span', text: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function row(text: string, buttons: HTMLButtonElement[]): HTMLLIElement {
  const li = document.createElement('li');
  const who = item('span', text);
  who.className = 'who';
  li.append(who, ...buttons);
  return li;
}

function button(
  label: string,
  description: string,
  data: Record<string, string>,
  className?: string,
): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.setAttribute('aria-label', description);
  if (className) b.className = className;
  for (const [key, value] of Object.entries(data)) b.dataset[key] = value;
  return b;
}
