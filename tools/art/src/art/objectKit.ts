/** Building blocks for multi-tile objects: a drawing spec, its slicing into base/top tiles, soft shadows. */
import { P } from './palette';
import { Canvas } from './png';
import { TILE, type Tileset } from './tileset';

/** Put a soft shadow only where the canvas is still empty. */
export function underShadow(c: Canvas, x: number, y: number, w: number, h: number, ellipse = false): void {
  const tmp = new Canvas(c.width, c.height);
  if (ellipse) tmp.ellipse(x, y, w, h, P.shadow);
  else tmp.rect(x, y, w, h, P.shadow);
  for (let j = 0; j < c.height; j++)
    for (let i = 0; i < c.width; i++) if (c.alpha(i, j) === 0 && tmp.alpha(i, j) > 0) c.set(i, j, P.shadow);
}

interface Spec {
  name: string;
  w: number;
  h: number;
  base?: (c: Canvas) => void;
  top?: (c: Canvas) => void;
  /** split a single drawing: tile rows < splitRow go to `above` */
  draw?: (c: Canvas) => void;
  splitRow?: number;
  collide: (tx: number, ty: number) => boolean;
  outline?: boolean;
  shadow?: (c: Canvas) => void;
}

export function build(ts: Tileset, s: Spec): void {
  const mk = (f?: (c: Canvas) => void): Canvas | null => {
    if (!f) return null;
    const c = new Canvas(s.w * TILE, s.h * TILE);
    f(c);
    if (s.outline !== false) c.outline(P.ink);
    return c;
  };
  let base = mk(s.base);
  let top = mk(s.top);
  if (s.draw) {
    const full = mk(s.draw);
    if (!full) throw new Error('unreachable');
    const split = (s.splitRow ?? 0) * TILE;
    top = split > 0 ? full.crop(0, 0, full.width, split) : null;
    if (top) {
      const t = new Canvas(full.width, full.height);
      t.draw(top);
      top = t;
    }
    base = new Canvas(full.width, full.height);
    base.draw(full.crop(0, split, full.width, full.height - split), 0, split);
  }
  if (s.shadow && base) s.shadow(base);
  ts.addObject({ name: s.name, w: s.w, h: s.h, base, top, collide: s.collide });
}

export const all = () => true;
export const none = () => false;
