import { randomBytes } from 'node:crypto';
import type { RoleBinding, RoleStore } from '../teaching/RoleStore';
import type { RedisClient } from './RedisClusterLink';

const SECRET = 'campus:roles:secret';
const BINDINGS = 'campus:roles:bindings';
const REVOKED = 'campus:roles:revoked';

/**
 * Roles shared by every node of a cluster: the teacher secret (made by whichever node asks first, `SET NX`, so all
 * agree), the bindings (`HSETNX`: a link binds once, whichever node its claim reaches) and the revoked links. Like
 * the rest of the cluster's state it lives as long as Redis keeps its data (docs/scaling.md).
 */
export class RedisRoleStore implements RoleStore {
  constructor(private readonly client: RedisClient) {}

  async secret(): Promise<string> {
    await this.client.set(SECRET, randomBytes(32).toString('base64url'), { NX: true });
    const secret = await this.client.get(SECRET);
    if (typeof secret !== 'string') throw new Error('redis lost the teacher secret');
    return secret;
  }

  async bind(binding: RoleBinding): Promise<RoleBinding> {
    await this.client.hSetNX(BINDINGS, binding.linkId, JSON.stringify(binding));
    const held = await this.client.hGet(BINDINGS, binding.linkId);
    return typeof held === 'string' ? (JSON.parse(held) as RoleBinding) : binding;
  }

  async bindingOf(userId: string): Promise<RoleBinding | undefined> {
    const [all, revoked] = await Promise.all([this.client.hVals(BINDINGS), this.client.sMembers(REVOKED)]);
    return all
      .map((text) => JSON.parse(String(text)) as RoleBinding)
      .find((b) => b.userId === userId && !revoked.includes(b.linkId));
  }

  async revoke(linkId: string): Promise<void> {
    await this.client.sAdd(REVOKED, linkId);
  }

  async isRevoked(linkId: string): Promise<boolean> {
    return Boolean(await this.client.sIsMember(REVOKED, linkId));
  }

  async list(): Promise<Array<RoleBinding & { revoked: boolean }>> {
    const [all, revoked] = await Promise.all([this.client.hVals(BINDINGS), this.client.sMembers(REVOKED)]);
    return all.map((text) => {
      const b = JSON.parse(String(text)) as RoleBinding;
      return { ...b, revoked: revoked.includes(b.linkId) };
    });
  }
}
