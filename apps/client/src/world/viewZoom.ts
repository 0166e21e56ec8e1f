import { MAX_VIEW } from '@campus/world';

/**
 * The camera zoom for a window of `width` × `height` CSS pixels: about 20 × 13 tiles in view, in whole steps so pixels
 * stay square (2 to 5); and more than that where needed so the view never holds more of the world than MAX_VIEW, the
 * most the server keeps this client told about (its area of interest, less a margin).
 */
export function viewZoom(width: number, height: number): number {
  const preferred = Math.min(5, Math.max(2, Math.round(Math.min(width / 320, height / 208))));
  const least = Math.max(Math.ceil(width / MAX_VIEW.width), Math.ceil(height / MAX_VIEW.height));
  return Math.max(preferred, least);
}
