import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { StateServer } from '@campus/state-server';
import { Person, launchChromium, startCampus, until } from './harness';

let browser: Browser;
let server: StateServer;
let url: string;
let people: Person[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const p of people) await p.close().catch(() => {});
  people = [];
  await server?.close();
});

async function campusWith(...who: Array<[string, Parameters<typeof Person.join>[3]]>): Promise<Person[]> {
  ({ server, url } = await startCampus());
  for (const [name, look] of who) people.push(await Person.join(browser, url, name, look));
  // Everyone sees everyone before anything is said.
  for (const p of people)
    await until(
      () => p.view(),
      (v) => v.remoteIds.length === people.length - 1,
    );
  return people;
}

describe('chat', () => {
  it('two people chat nearby and directly; after a reload both histories are intact and the talk goes on', async () => {
    // The first two spawns are about 7 tiles apart: within nearby chat range.
    const [ada, bo] = await campusWith(['Ada', 'sky'], ['Bo', 'rose']);
    await ada!.openChat('Nearby');
    await ada!.say('Hi Bo!');
    await until(
      () => ada!.conversation(),
      (c) => c[0]?.meta.includes('Delivered to 1') ?? false,
    );
    expect(
      await until(
        () => bo!.unreadBadge(),
        (n) => n === 1,
      ),
    ).toBe(1);
    await bo!.openChat('Nearby');
    expect(await bo!.conversation()).toEqual([expect.objectContaining({ who: 'Ada', text: 'Hi Bo!' })]);

    await bo!.openChat('People');
    await bo!.page
      .locator('#chat-people li', { hasText: 'Ada' })
      .getByRole('button', { name: 'Message' })
      .click();
    await bo!.say('psst, just you');
    // Ada has the chat open on Nearby: the new conversation's tab shows the unread message.
    await until(
      () => ada!.tabUnread('Bo'),
      (n) => n === 1,
    );
    await ada!.openChat('Bo');
    expect(await ada!.conversation()).toEqual([
      expect.objectContaining({ who: 'Bo', text: 'psst, just you' }),
    ]);

    await ada!.reload();
    await bo!.reload();
    await ada!.openChat('Nearby');
    expect(await ada!.conversation()).toEqual([expect.objectContaining({ who: 'You', text: 'Hi Bo!' })]);
    await ada!.openChat('Bo');
    expect((await ada!.conversation()).map((m) => m.text)).toEqual(['psst, just you']);
    await bo!.openChat('Ada');
    expect((await bo!.conversation()).map((m) => [m.who, m.text])).toEqual([['You', 'psst, just you']]);

    await ada!.say('still here after a reload');
    await until(
      () => bo!.conversation(),
      (c) => c.at(-1)?.text === 'still here after a reload',
    );
    expect([...ada!.errors, ...bo!.errors]).toEqual([]);
  });

  it('a name and a message full of HTML show as plain text and run nothing', async () => {
    const evil = '<img src=x onerror=__pwned=1>';
    const [ada, mallory] = await campusWith(['Ada', 'sky'], [evil, 'ink']);
    await mallory!.openChat('Nearby');
    await mallory!.say(`${evil}<script>__pwned=2</script><b>bold?</b>`);
    await ada!.openChat('Nearby');
    const [message] = await until(
      () => ada!.conversation(),
      (c) => c.length === 1,
    );
    expect(message).toEqual(
      expect.objectContaining({ who: evil, text: `${evil}<script>__pwned=2</script><b>bold?</b>` }),
    );
    await ada!.openChat('People');
    expect(await ada!.page.textContent('#chat-people')).toContain(evil);
    expect(
      await ada!.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    ).toBeUndefined();
    expect(await ada!.page.$$eval('#chat img, #chat script, #chat b', (n) => n.length)).toBe(0);
  });

  it('a direct message sent while the recipient is away is delivered once they come back', async () => {
    const [ada, bo] = await campusWith(['Ada', 'sky'], ['Bo', 'rose']);
    const boId = (await bo!.view()).userId;
    await bo!.closeTab();
    await until(
      () => ada!.view(),
      (v) => !v.remoteIds.includes(boId),
    ); // gone after the grace period
    await ada!.openChat('People');
    await ada!.page
      .locator('#chat-people li', { hasText: 'Bo' })
      .getByRole('button', { name: 'Message' })
      .click();
    await ada!.say('see you later');
    await until(
      () => ada!.conversation(),
      (c) => c[0]?.meta.includes('Waiting for them to come online') ?? false,
    );

    await bo!.reopen();
    await until(
      () => bo!.unreadBadge(),
      (n) => n === 1,
      15_000,
    );
    await bo!.openChat('Ada');
    expect((await bo!.conversation()).map((m) => [m.who, m.text])).toEqual([['Ada', 'see you later']]);
    await until(
      () => ada!.conversation(),
      (c) => c[0]?.meta.includes('Delivered to 1') ?? false,
    );
  });
});
