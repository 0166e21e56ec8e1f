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
