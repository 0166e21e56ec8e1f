import { element, isTyping } from '../ui/dom';
import type { ConversationId, StoredMessage } from './chatTypes';

export const PEOPLE_TAB = 'people';
export type TabId = ConversationId | typeof PEOPLE_TAB;

export interface TabView {
  id: TabId;
  label: string;
  unread: number;
  disabled?: boolean;
}

export interface PersonView {
  userId: string;
  name: string;
  online: boolean;
  /** Shown after the name, e.g. "2 waiting". */
  note?: string;
}

export interface PanelView {
  tabs: TabView[];
  selected: TabId;
  selfId: string;
  messages: StoredMessage[];
  people: PersonView[];
  placeholder: string;
  empty: string;
}

/** The DOM event a double click on someone in the people list sends up the page: `detail` is their user id. */
export const WALK_TO_PERSON = 'campus:walk-to-person';

export interface PanelActions {
  select(tab: TabId): void;
  send(text: string): void;
  retry(messageId: string): void;
  message(userId: string): void;
  visibility(open: boolean): void;
  /** Files picked or dropped: for `userId` (from the people list), else for the open conversation. */
  attach?(files: readonly File[], userId?: string): void;
  /** The live card of a file offer, kept up to date by file sharing. */
  fileCard?(fileId: string): HTMLElement | undefined;
}

const STATE_TEXT: Record<StoredMessage['state'], (m: StoredMessage) => string> = {
  sending: () => 'Sending…',
  delivered: (m) =>
    m.deliveredTo === undefined
      ? 'Delivered'
      : m.deliveredTo === 0
        ? 'No one was near enough to hear'
        : `Delivered to ${m.deliveredTo}`,
  pending: () => 'Waiting for them to come online',
  failed: (m) => `Not sent${m.error ? `: ${m.error}` : ''}`,
  received: () => '',
};

/**
 * The chat side panel. It only draws what it is given and reports clicks; everything user-written goes in as text
 * (textContent), never as HTML.
 */
export class ChatPanel {
  private readonly root = element<HTMLElement>('chat');
  private readonly toggle = element<HTMLButtonElement>('chat-toggle');
  private readonly unread = element<HTMLSpanElement>('chat-unread');
  private readonly tabs = element<HTMLElement>('chat-tabs');
  private readonly people = element<HTMLUListElement>('chat-people');
  private readonly log = element<HTMLDivElement>('chat-log');
  private readonly form = element<HTMLFormElement>('chat-form');
  private readonly input = element<HTMLInputElement>('chat-input');
  private readonly attachButton = element<HTMLButtonElement>('chat-attach');
  private readonly filePicker = element<HTMLInputElement>('chat-file');
  /** Whom the file picker's choice goes to: a person of the people list, or the open conversation. */
  private pickingFor: string | undefined;
  private renderedSelection: TabId | undefined;
  private renderedTabs = '';
  private renderedPeople = '';
  private readonly messageNodes = new Map<string, { key: string; node: HTMLDivElement }>();
  private emptyNode: HTMLParagraphElement | undefined;

  constructor(private readonly actions: PanelActions) {
    // Opening puts the cursor in the message box; closing gives focus back to the button that opens it again.
    this.toggle.addEventListener('click', () => {
      this.setOpen(true);
      this.input.focus();
    });
    const close = (): void => {
      this.setOpen(false);
      this.toggle.focus();
    };
    element('chat-close').addEventListener('click', close);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      this.actions.send(text);
    });
    this.attachButton.addEventListener('click', () => this.pickFile(undefined));
    this.filePicker.addEventListener('change', () => {
      const files = [...(this.filePicker.files ?? [])];
      this.filePicker.value = '';
      if (files.length) this.actions.attach?.(files, this.pickingFor);
    });
    // A file dropped on the chat goes to the open conversation, as if picked.
    this.root.addEventListener('dragover', (event) => {
      if (!this.attachButton.hidden && event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    this.root.addEventListener('drop', (event) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (!files.length || this.attachButton.hidden) return;
      event.preventDefault();
      this.actions.attach?.(files, undefined);
    });
    this.root.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || event.isComposing) return;
      event.preventDefault();
      close();
    });
    // Enter on the campus (not on a button or in a dialog, where Enter is theirs) starts typing.
    window.addEventListener('keydown', (event) => {
      const onControl =
        event.target instanceof Element && event.target.closest('button, a, select, dialog, .card');
      if (event.key === 'Enter' && !isTyping(event) && !onControl && !this.toggle.hidden) {
        event.preventDefault();
        this.setOpen(true);
        this.input.focus();
      }
    });
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  show(): void {
    this.toggle.hidden = this.isOpen;
  }

  setOpen(open: boolean): void {
    this.root.hidden = !open;
    this.toggle.hidden = open;
    this.actions.visibility(open);
  }

  /**
   * Draws `view`, changing only the parts that differ from the last one: it is called on every roster change, and a
   * rebuilt log would lose the reader's selection and cost a layout each time.
   */
  render(view: PanelView, unreadTotal: number): void {
    this.unread.hidden = unreadTotal === 0;
    this.unread.textContent = String(unreadTotal);
    const tabsKey = JSON.stringify([view.tabs, view.selected]);
    if (tabsKey !== this.renderedTabs) {
      this.renderedTabs = tabsKey;
      this.tabs.replaceChildren(...view.tabs.map((tab) => this.tab(tab, tab.id === view.selected)));
    }
    const peopleShown = view.selected === PEOPLE_TAB;
    this.people.hidden = !peopleShown;
    this.log.hidden = peopleShown;
    this.form.hidden = peopleShown;
    if (peopleShown) {
      const peopleKey = JSON.stringify(view.people);
      if (peopleKey !== this.renderedPeople) {
        this.renderedPeople = peopleKey;
        this.people.replaceChildren(...view.people.map((p) => this.person(p)));
      }
    } else {
      const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
      const nodes = view.messages.length
        ? view.messages.map((m) => this.messageNode(m, view.selfId))
        : [this.emptyNote(view.empty)];
      const children = this.log.children;
      if (nodes.length !== children.length || nodes.some((node, i) => children[i] !== node))
        this.log.replaceChildren(...nodes);
      // Only the conversation shown is kept: another one's nodes are made afresh when it is opened.
      const shown = new Set(view.messages.map((m) => m.id));
      for (const id of this.messageNodes.keys()) if (!shown.has(id)) this.messageNodes.delete(id);
      if (atBottom || this.renderedSelection !== view.selected) this.log.scrollTop = this.log.scrollHeight;
      this.input.placeholder = view.placeholder;
      // Files go to one person or to a classroom; Nearby has neither (the people list sends to someone).
      this.attachButton.hidden = !this.actions.attach || !/^(dm|room):/.test(view.selected);
    }
    this.renderedSelection = view.selected;
  }

  /** The message's node from the last render while nothing shown in it has changed, else a new one. */
  private messageNode(m: StoredMessage, selfId: string): HTMLDivElement {
    const key = JSON.stringify([
      m.from === selfId,
      m.fromName,
      m.text,
      m.at,
      m.state,
      m.deliveredTo,
      m.error,
      m.kind,
    ]);
    const known = this.messageNodes.get(m.id);
    if (known?.key === key) return known.node;
    const node = this.message(m, selfId);
    this.messageNodes.set(m.id, { key, node });
    return node;
  }

  private tab(tab: TabView, selected: boolean): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'chat-tab';
    button.setAttribute('role', 'tab');
    button.dataset.tab = tab.id;
    button.setAttribute('aria-selected', String(selected));
    button.disabled = tab.disabled ?? false;
    button.textContent = tab.label;
    if (tab.unread > 0) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = String(tab.unread);
      button.append(badge);
    }
    button.addEventListener('click', () => this.actions.select(tab.id));
    return button;
  }

  private person(p: PersonView): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.userId = p.userId;
    const dot = document.createElement('span');
    dot.className = 'presence';
    dot.dataset.online = String(p.online);
    dot.title = p.online ? 'Online' : 'Offline';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = p.note ? `${p.name} · ${p.note}` : p.name;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Message';
    button.addEventListener('click', () => this.actions.message(p.userId));
    li.append(dot, who, button);
    if (this.actions.attach && p.online) {
      const send = document.createElement('button');
      send.type = 'button';
      send.textContent = 'Send file';
      send.setAttribute('aria-label', `Send a file to ${p.name}`);
      send.addEventListener('click', () => this.pickFile(p.userId));
      li.append(send);
    }
    // A double click on someone walks there (AccessLayer takes the event: the chat knows nothing of walking).
    li.addEventListener('dblclick', (event) => {
      if ((event.target as Element).closest('button')) return;
      li.dispatchEvent(new CustomEvent(WALK_TO_PERSON, { bubbles: true, detail: p.userId }));
    });
    return li;
  }

  private message(m: StoredMessage, selfId: string): HTMLDivElement {
    const div = document.createElement('div');
    const mine = m.from === selfId && m.kind !== 'announcement';
    div.className = m.kind === 'announcement' ? 'msg announcement' : mine ? 'msg mine' : 'msg';
    if (m.kind === 'file') div.classList.add('file');
    div.dataset.id = m.id;
    div.dataset.state = m.state;
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent =
      m.kind === 'announcement'
        ? `Announcement from ${m.from === selfId ? 'you' : m.fromName}`
        : mine
          ? 'You'
          : m.fromName;
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = m.text;
    const meta = document.createElement('div');
    meta.className = 'meta';
    const time = new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const state = mine && m.kind !== 'file' ? STATE_TEXT[m.state](m) : '';
    meta.textContent = state ? `${time} · ${state}` : time;
    if (mine && m.state === 'failed') {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = 'Retry';
      retry.addEventListener('click', () => this.actions.retry(m.id));
      meta.append(retry);
    }
    div.append(who, text, meta);
    const card = m.kind === 'file' && m.fileId ? this.actions.fileCard?.(m.fileId) : undefined;
    if (card) div.append(card);
    return div;
  }

  private pickFile(userId: string | undefined): void {
    this.pickingFor = userId;
    this.filePicker.click();
  }

  private emptyNote(text: string): HTMLParagraphElement {
    if (this.emptyNode?.textContent === text) return this.emptyNode;
    const p = document.createElement('p');
    this.emptyNode = p;
    p.className = 'chat-empty';
    p.textContent = text;
    return p;
  }
}
