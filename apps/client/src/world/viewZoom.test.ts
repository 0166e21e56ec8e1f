import { describe, expect, it } from 'vitest';
import { MAX_VIEW } from '@campus/world';
import { viewZoom } from './viewZoom';

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
