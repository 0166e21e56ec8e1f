import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A teacher link bound to the visitor who claimed it first. */
export interface RoleBinding {
  linkId: string;
  userId: string;
  /** The name the link was made for. */
  name: string;
  boundAt: number;
}

/**
 * Where roles live: the teacher secret, which link is bound to whom, and which links are revoked. The server and the
 * `teacher-link` command share it, so a link made or revoked by the admin holds for the running server at once.
 */
export interface RoleStore {
  /** The secret teacher links are signed with: made once, at random, and kept (every node of a cluster shares it). */
  secret(): Promise<string>;
  /** Binds the link to the user unless it is bound already; resolves with the binding that holds. */
  bind(binding: RoleBinding): Promise<RoleBinding>;
  /** The user's binding that is not revoked, if any. */
  bindingOf(userId: string): Promise<RoleBinding | undefined>;
  /** Revokes a link (bound or not): it can no longer be claimed, and whoever it gave the role to loses it. */
  revoke(linkId: string): Promise<void>;
  isRevoked(linkId: string): Promise<boolean>;
  /** Every binding, with whether it is revoked, for the admin. */
  list(): Promise<Array<RoleBinding & { revoked: boolean }>>;
}

const Contents = z.object({
  secret: z.string().min(32).optional(),
  bindings: z
    .record(
      z.string(),
      z.object({ linkId: z.string(), userId: z.string(), name: z.string(), boundAt: z.number() }),
    )
    .default({}),
  revoked: z.array(z.string()).default([]),
});
type Contents = z.infer<typeof Contents>;

const newSecret = (): string => randomBytes(32).toString('base64url');

/** Roles in one process's memory (tests, and a server nobody restarts). */
export class MemoryRoleStore implements RoleStore {
  private readonly contents: Contents = { bindings: {}, revoked: [] };

  secret(): Promise<string> {
    this.contents.secret ??= newSecret();
    return Promise.resolve(this.contents.secret);
  }

  bind(binding: RoleBinding): Promise<RoleBinding> {
    return Promise.resolve(bindIn(this.contents, binding));
  }

  bindingOf(userId: string): Promise<RoleBinding | undefined> {
    return Promise.resolve(bindingIn(this.contents, userId));
  }

  revoke(linkId: string): Promise<void> {
    if (!this.contents.revoked.includes(linkId)) this.contents.revoked.push(linkId);
    return Promise.resolve();
  }

  isRevoked(linkId: string): Promise<boolean> {
    return Promise.resolve(this.contents.revoked.includes(linkId));
  }

  list(): Promise<Array<RoleBinding & { revoked: boolean }>> {
    return Promise.resolve(listIn(this.contents));
  }
}

/**
 * Roles in a JSON file (`roles.json` in the server's DATA_DIR, readable by its owner only), read afresh on every use
 * so the admin's `teacher-link --revoke` holds for a running server, and written whole through a rename so a crash
 * never leaves half a file. For one node; a cluster keeps roles in Redis.
 */
export class FileRoleStore implements RoleStore {
  readonly file: string;

  /** The folder is made (owner only) when there is first something to keep. */
  constructor(private readonly dir: string) {
    this.file = join(dir, 'roles.json');
  }

  secret(): Promise<string> {
    const contents = this.read();
    if (contents.secret) return Promise.resolve(contents.secret);
    contents.secret = newSecret();
    this.write(contents);
    return Promise.resolve(contents.secret);
  }

  bind(binding: RoleBinding): Promise<RoleBinding> {
    const contents = this.read();
    const held = bindIn(contents, binding);
    if (held === binding) this.write(contents);
    return Promise.resolve(held);
  }

  bindingOf(userId: string): Promise<RoleBinding | undefined> {
    return Promise.resolve(bindingIn(this.read(), userId));
  }

  revoke(linkId: string): Promise<void> {
    const contents = this.read();
    if (!contents.revoked.includes(linkId)) {
      contents.revoked.push(linkId);
      this.write(contents);
    }
    return Promise.resolve();
  }

  isRevoked(linkId: string): Promise<boolean> {
    return Promise.resolve(this.read().revoked.includes(linkId));
  }

  list(): Promise<Array<RoleBinding & { revoked: boolean }>> {
    return Promise.resolve(listIn(this.read()));
  }

  private read(): Contents {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bindings: {}, revoked: [] };
      throw err;
    }
    const parsed = Contents.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new Error(`${this.file} is not a roles file: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  private write(contents: Contents): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const partial = `${this.file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, this.file);
  }
}

function bindIn(contents: Contents, binding: RoleBinding): RoleBinding {
  const held = contents.bindings[binding.linkId];
  if (held) return held;
  contents.bindings[binding.linkId] = binding;
  return binding;
}

function bindingIn(contents: Contents, userId: string): RoleBinding | undefined {
  return Object.values(contents.bindings).find(
    (b) => b.userId === userId && !contents.revoked.includes(b.linkId),
  );
}

function listIn(contents: Contents): Array<RoleBinding & { revoked: boolean }> {
  return Object.values(contents.bindings).map((b) => ({
    ...b,
    revoked: contents.revoked.includes(b.linkId),
  }));
}
