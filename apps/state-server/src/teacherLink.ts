/**
 * The admin's command for teacher links (docs/teaching.md), using the same roles and secret as the server
 * (DATA_DIR, or Redis with REDIS_URL; TEACHER_SECRET when set):
 *
 *   npm run teacher-link -- --name "Ms. Rivera" [--days 30] [--url https://campus.example.org/]
 *   npm run teacher-link -- --list
 *   npm run teacher-link -- --revoke <link id>
 */
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import type { RedisClient } from './cluster/RedisClusterLink';
import { RedisRoleStore } from './cluster/RedisRoleStore';
import { configFromEnv } from './config';
import { FileRoleStore, type RoleStore } from './teaching/RoleStore';
import { newLinkId, signTeacherLink } from './teaching/teacherLinks';

const DAY_MS = 86_400_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      days: { type: 'string', default: '30' },
      url: { type: 'string' },
      list: { type: 'boolean', default: false },
      revoke: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || (!values.name && !values.list && !values.revoke)) {
    console.log(
      [
        'npm run teacher-link -- --name "Ms. Rivera" [--days 30] [--url https://campus.example.org/]',
        '    prints a link that makes the browser that opens it first a teacher, for good (claimable for --days)',
        'npm run teacher-link -- --list           the links claimed so far, and by whom',
        'npm run teacher-link -- --revoke <id>    the link, and the role it gave, stop working at once',
      ].join('\n'),
    );
    return values.help ? 0 : 2;
  }
  const config = configFromEnv();
  const redis = config.REDIS_URL ? (createClient({ url: config.REDIS_URL }) as RedisClient) : undefined;
  if (redis) await redis.connect();
  const store: RoleStore = redis ? new RedisRoleStore(redis) : new FileRoleStore(config.DATA_DIR);
  try {
    if (values.revoke) {
      await store.revoke(values.revoke);
      console.log(
        `revoked ${values.revoke}: the link no longer works, and whoever claimed it no longer teaches`,
      );
      return 0;
    }
    if (values.list) {
      const all = await store.list();
      if (all.length === 0) console.log('no teacher link has been claimed yet');
      for (const b of all) {
        const state = b.revoked ? 'revoked' : 'teaching';
        console.log(
          `${b.linkId}  ${b.name}  ${state}  claimed ${new Date(b.boundAt).toISOString()} by ${b.userId}`,
        );
      }
      return 0;
    }
    const name = values.name!.trim();
    const days = Number(values.days);
    if (!name || name.length > 64) throw new Error('--name: 1 to 64 characters');
    if (!Number.isFinite(days) || days <= 0 || days > 3650)
      throw new Error('--days: a number of days, up to 3650');
    const secret = config.TEACHER_SECRET ?? (await store.secret());
    const now = Date.now();
    const id = newLinkId();
    const token = signTeacherLink(secret, { id, name, issuedAt: now, expiresAt: now + days * DAY_MS });
    const base = new URL(values.url ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}/`);
    base.searchParams.set('teacher', token);
    console.log(
      `Teacher link for ${name} (id ${id}; open it within ${days} days, in the browser that teaches):`,
    );
    console.log(`\n  ${base.toString()}\n`);
    console.log(`Revoke it with: npm run teacher-link -- --revoke ${id}`);
    return 0;
  } finally {
    await redis?.quit();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`teacher-link: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
