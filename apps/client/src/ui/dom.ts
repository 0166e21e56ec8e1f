/** The element with this id from index.html; a missing one is a build mistake, so it throws. */
export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from index.html`);
  return found as T;
}

/** True when a key event goes to a text field (typing a name or a message), where keys must not walk or toggle. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target;
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** True when a key event goes to an open dialog or card, whose own keys (arrows, Escape) must not walk or toggle. */
export function inDialog(event: KeyboardEvent): boolean {
  return event.target instanceof Element && event.target.closest('dialog[open], .card') !== null;
}

/**
 * True when a key event is a shortcut on the campus: not typed into a field, not in a dialog or card, and without
 * Ctrl, Cmd or Alt (which belong to the browser). Every shortcut and walk key goes through this one test.
 */
export function isCampusKey(event: KeyboardEvent): boolean {
  return !isTyping(event) && !inDialog(event) && !event.ctrlKey && !event.metaKey && !event.altKey;
}
