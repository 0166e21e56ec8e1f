/**
 * How much of the bottom of the screen a panel covers across its whole width (the chat as a sheet on a phone), told
 * whenever it changes: the campus view moves up by half of it, so the avatar and what is around it stay in sight.
 * A panel that does not span the width (the chat beside the campus on a wider screen) covers nothing here.
 */
export function watchBottomInset(panel: HTMLElement, changed: (px: number) => void): void {
  let last = -1;
  const measure = (): void => {
    const box = panel.getBoundingClientRect();
    const spans = !panel.hidden && box.width >= window.innerWidth - 1 && box.height > 0;
    const inset = spans ? Math.max(0, Math.round(window.innerHeight - box.top)) : 0;
    if (inset === last) return;
    last = inset;
    changed(inset);
  };
  new MutationObserver(measure).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  new ResizeObserver(measure).observe(panel);
  window.addEventListener('resize', measure);
  measure();
}
