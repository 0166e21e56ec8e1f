/** Tileset registry: named 16×16 tiles, multi-tile objects sliced into tiles, and the packed sheet. */
import { Canvas } from './png';

export const TILE = 16;

export interface TileDef {
  name: string;
  collides: boolean;
  img: Canvas | null;
}

/** A multi-tile object: `base` goes on a normal layer, `top` on the `above` layer. */
export interface ObjectDef {
  name: string;
  w: number;
  h: number;
  base: Canvas | null;
  top: Canvas | null;
  /** Which base cells block movement (tx, ty relative to the object). */
  collide: (tx: number, ty: number) => boolean;
}

export interface PlacedObject {
  w: number;
  h: number;
  base: (string | null)[][];
  top: (string | null)[][];
}

export interface Section {
  label: string;
  first: number;
  last: number;
}

export class Tileset {
  readonly tiles: TileDef[] = [];
  readonly sections: Section[] = [];
  private readonly byName = new Map<string, number>();
  private readonly objects = new Map<string, PlacedObject>();

  constructor(readonly columns: number) {}

  /** Start a new labelled group on a fresh row of the sheet. */
  section(label: string): void {
    this.closeSection();
    while (this.tiles.length % this.columns !== 0) this.tiles.push({ name: '', collides: false, img: null });
    this.sections.push({ label, first: this.tiles.length, last: this.tiles.length - 1 });
  }

  closeSection(): void {
    const s = this.sections[this.sections.length - 1];
    if (s) s.last = this.tiles.length - 1;
  }

  add(name: string, img: Canvas, collides = false): void {
    if (this.byName.has(name)) throw new Error(`duplicate tile ${name}`);
    if (img.width !== TILE || img.height !== TILE) throw new Error(`tile ${name} is not 16x16`);
    this.byName.set(name, this.tiles.length);
    this.tiles.push({ name, collides, img });
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  id(name: string): number {
    const id = this.byName.get(name);
    if (id === undefined) throw new Error(`unknown tile ${name}`);
    return id;
  }

  gid(name: string): number {
    return this.id(name) + 1;
  }

  addObject(def: ObjectDef): void {
    const placed: PlacedObject = { w: def.w, h: def.h, base: [], top: [] };
    for (let ty = 0; ty < def.h; ty++) {
      const baseRow: (string | null)[] = [];
      const topRow: (string | null)[] = [];
      for (let tx = 0; tx < def.w; tx++) {
        baseRow.push(this.slice(def.base, `${def.name}.b${tx}_${ty}`, tx, ty, def.collide(tx, ty)));
        topRow.push(this.slice(def.top, `${def.name}.t${tx}_${ty}`, tx, ty, false));
      }
      placed.base.push(baseRow);
      placed.top.push(topRow);
    }
    this.objects.set(def.name, placed);
  }

  private slice(img: Canvas | null, name: string, tx: number, ty: number, collides: boolean): string | null {
    if (!img) return null;
    const part = img.crop(tx * TILE, ty * TILE, TILE, TILE);
    if (part.isEmpty() && !collides) return null;
    this.add(name, part, collides);
    return name;
  }

  object(name: string): PlacedObject {
    const o = this.objects.get(name);
    if (!o) throw new Error(`unknown object ${name}`);
    return o;
  }

  image(): Canvas {
    const rows = Math.ceil(this.tiles.length / this.columns);
    const sheet = new Canvas(this.columns * TILE, rows * TILE);
    this.tiles.forEach((t, i) => {
      if (t.img) sheet.draw(t.img, (i % this.columns) * TILE, Math.floor(i / this.columns) * TILE);
    });
    return sheet;
  }
}
