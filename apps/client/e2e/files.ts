import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Person } from './harness';

/** What end-to-end tests and the benchmark do with files as people do: the People list, the chat, the cards. */

export interface TransferView {
  id: string;
  dir: 'in' | 'out';
  name: string;
  state: string;
  sentBytes: number;
  receivedBytes?: number;
  /** This page's clock (ms) at the first and the last chunk received. */
  timing?: { firstChunkAt?: number; lastChunkAt?: number };
}

export const transfers = (p: Person): Promise<TransferView[]> =>
  p.page.evaluate(() =>
    (window as unknown as { campusFiles: { transfers(): TransferView[] } }).campusFiles.transfers(),
  );
export const one = async (p: Person, name: string): Promise<TransferView | undefined> =>
  (await transfers(p)).find((t) => t.name === name);

/** A file of `size` bytes that is the same for a seed and differs between seeds: what the test compares against. */
export function generated(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i += 4) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    bytes.writeUInt32LE(x, Math.min(i, size - 4));
  }
  return bytes;
}
export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** `from` sends a file to `to` from the people list, as a person does: People → Send file → pick it. */
export async function sendTo(from: Person, to: Person, name: string, bytes: Buffer): Promise<void> {
  await from.openChat('People');
  const chooser = from.page.waitForEvent('filechooser');
  await from.page
    .locator('#chat-people li', { hasText: to.name })
    .getByRole('button', { name: `Send a file to ${to.name}` })
    .click();
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

/** `who` accepts the offer of `name` in their direct conversation with `from`, from its card. */
export async function accept(who: Person, from: string, name: string): Promise<void> {
  await who.openChat(from);
  const card = who.page.locator('.file-card', { hasText: name });
  await card.getByText(`${from} wants to send you ${name}`, { exact: false }).waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Accept' }).click();
}

/** Saves the finished file through its card's link, as a person does, and returns the bytes the browser wrote. */
export async function save(who: Person, name: string): Promise<Buffer> {
  const card = who.page.locator('.file-card', { hasText: name });
  const download = who.page.waitForEvent('download');
  await card.getByRole('link', { name: `Save ${name}` }).click({ timeout: 60_000 });
  const path = await (await download).path();
  return readFileSync(path);
}

/** `from`, standing in a classroom, offers a file to it from its conversation's 📎 button. */
export async function offerToRoom(from: Person, roomTab: string, name: string, bytes: Buffer): Promise<void> {
  await from.openChat(roomTab);
  const chooser = from.page.waitForEvent('filechooser');
  await from.page.getByRole('button', { name: 'Send a file', exact: true }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

/** Each of `people`, in the room, sees the offer of `name` in the room's conversation; then all accept it at once. */
export async function acceptInRoom(
  people: Person[],
  roomTab: string,
  from: string,
  name: string,
): Promise<void> {
  const card = (p: Person) => p.page.locator('.file-card', { hasText: name });
  for (const p of people) {
    await p.openChat(roomTab);
    await card(p).getByText(`${from} offers ${name}`, { exact: false }).waitFor({ timeout: 15_000 });
  }
  await Promise.all(people.map((p) => card(p).getByRole('button', { name: 'Accept' }).click()));
}
