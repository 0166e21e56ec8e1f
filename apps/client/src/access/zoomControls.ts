import { element, isCampusKey } from '../ui/dom';

/** The + and − buttons beside the campus, and the + and − keys: the viewer zooms the view a step in or out. */
export function wireZoomControls(zoom: (delta: 1 | -1) => void): void {
  element('zoom-in').addEventListener('click', () => zoom(1));
  element('zoom-out').addEventListener('click', () => zoom(-1));
  window.addEventListener('keydown', (event) => {
    if (!isCampusKey(event)) return;
    if (event.key === '+' || event.key === '=') zoom(1);
    else if (event.key === '-') zoom(-1);
  });
}
