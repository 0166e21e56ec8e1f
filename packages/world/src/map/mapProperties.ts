import type { TiledProperty } from './tiled';

/** Anything that carries Tiled custom properties. */
export interface HasProperties {
  properties?: readonly TiledProperty[] | undefined;
}

/** The value of the first property whose name is one of `names`, compared without case; undefined when none is. */
export function findProperty(owner: HasProperties | undefined, names: readonly string[]): unknown {
  const wanted = names.map((n) => n.toLowerCase());
  for (const name of wanted) {
    const found = owner?.properties?.find((p) => p.name.toLowerCase() === name);
    if (found) return found.value;
  }
  return undefined;
}

/** Whether a property value says yes: a bool `true`, or what other tools write for it (`"true"`, `1`). */
export function isYes(value: unknown): boolean {
  return (
    value === true || value === 1 || (typeof value === 'string' && value.trim().toLowerCase() === 'true')
  );
}

/** Whether any of `names` is set to yes on `owner`. */
export function hasFlag(owner: HasProperties | undefined, names: readonly string[]): boolean {
  return isYes(findProperty(owner, names));
}

/** Letters and digits only, lower case: `Meeting Room` and `meeting-room` compare equal. */
export function normalName(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
}
