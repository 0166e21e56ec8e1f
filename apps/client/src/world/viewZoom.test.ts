import { describe, expect, it } from 'vitest';
import { MAX_VIEW } from '@campus/world';
import { nextZoomStep, viewZoom } from './viewZoom';

describe('viewZoom', () => {
  it('keeps the usual zoom on ordinary screens', () => {
    expect(viewZoom(1920, 1080)).toBe(5);
    expect(viewZoom(1366, 768)).toBe(4);
    expect(viewZoom(800, 600)).toBe(3);
    expect(viewZoom(320, 240)).toBe(2);
  });

  it('zooms in further on huge or odd-shaped windows, so nothing outside the area of interest is ever shown', () => {
    expect(viewZoom(3840, 2160)).toBe(7);
    expect(viewZoom(5120, 1440)).toBe(9);
    expect(viewZoom(412, 2000)).toBe(7);
    for (let w = 100; w <= 8000; w += 37) {
      for (let h = 100; h <= 5000; h += 53) {
        const zoom = viewZoom(w, h);
        if (w / zoom > MAX_VIEW.width || h / zoom > MAX_VIEW.height) throw new Error(`${w}×${h} at ${zoom}`);
      }
    }
  });
});

describe('the viewer’s own zoom', () => {
  it('zooms in two steps and out one from the usual, and no further', () => {
    expect([-2, -1, 0, 1, 2, 3].map((step) => viewZoom(1366, 768, step))).toEqual([3, 3, 4, 5, 6, 6]);
  });

  it('never zooms out past the area of interest', () => {
    // A huge window is already zoomed in as far out as it may go: the step out changes nothing.
    expect(viewZoom(3840, 2160, -1)).toBe(viewZoom(3840, 2160));
    for (let w = 100; w <= 8000; w += 37) {
      for (let h = 100; h <= 5000; h += 53) {
        const zoom = viewZoom(w, h, -1);
        if (w / zoom > MAX_VIEW.width || h / zoom > MAX_VIEW.height) throw new Error(`${w}×${h} at ${zoom}`);
      }
    }
  });

  it('steps only where the view changes, so one press back undoes a press', () => {
    expect(nextZoomStep(1366, 768, 0, 1)).toBe(1);
    expect(nextZoomStep(1366, 768, 2, 1)).toBe(2); // at the most
    expect(nextZoomStep(1366, 768, 0, -1)).toBe(-1);
    expect(nextZoomStep(1366, 768, -1, -1)).toBe(-1);
    expect(nextZoomStep(3840, 2160, 0, -1)).toBe(0); // nothing further out is allowed
    expect(nextZoomStep(1366, 768, nextZoomStep(1366, 768, 0, 1), -1)).toBe(0);
  });
});
