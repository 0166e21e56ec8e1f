import { MAX_VIEW } from '@campus/world';

/** How far the viewer may zoom in or out from the usual zoom, in whole steps (pixels stay square). */
export const ZOOM_STEPS = { out: 1, in: 2 } as const;

/**
 * The camera zoom for a window of `width` × `height` CSS pixels: about 20 × 13 tiles in view, in whole steps so pixels
 * stay square (2 to 5); and more than that where needed so the view never holds more of the world than MAX_VIEW, the
 * most the server keeps this client told about (its area of interest, less a margin). `step` is the viewer's own
 * zoom (the − and + buttons and keys): it moves within ZOOM_STEPS of the usual, never out past MAX_VIEW nor below 1.
 */
export function viewZoom(width: number, height: number, step = 0): number {
  const preferred = Math.min(5, Math.max(2, Math.round(Math.min(width / 320, height / 208))));
  const least = Math.max(1, Math.ceil(width / MAX_VIEW.width), Math.ceil(height / MAX_VIEW.height));
  const usual = Math.max(preferred, least);
  const wanted = usual + Math.max(-ZOOM_STEPS.out, Math.min(ZOOM_STEPS.in, Math.round(step)));
  return Math.max(least, wanted);
}

/** The viewer's zoom step after zooming by `delta`, kept where it still changes the view (so − after + undoes it). */
export function nextZoomStep(width: number, height: number, step: number, delta: 1 | -1): number {
  const next = Math.max(-ZOOM_STEPS.out, Math.min(ZOOM_STEPS.in, step + delta));
  return viewZoom(width, height, next) === viewZoom(width, height, step) ? step : next;
}
