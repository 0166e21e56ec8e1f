import { MessageError, type RoleGrant } from '@campus/protocol';
import type { Clock } from '../ports';
import { RoomError } from '../RoomError';
import type { RoleStore } from './RoleStore';
import { verifyTeacherLink } from './teacherLinks';

/**
 * Who teaches. A role comes only from a teacher link the campus's admin made (signed with the store's secret, or the
 * configured TEACHER_SECRET): the first visitor to claim a link gets the role for good, bound to their identity (the
 * id the connection proved), so it holds across reloads and restarts. Nothing a client sends can name a role; a
 * forged, expired, revoked or already-bound link gets a coded refusal.
 */
export class Roles {
  constructor(
    private readonly store: RoleStore,
    private readonly clock: Clock,
    private readonly configuredSecret?: string,
  ) {}

  /** Binds the link's role to `userId`; claiming one's own link again is fine. */
  async claim(userId: string, token: string): Promise<RoleGrant> {
    const link = verifyTeacherLink(await this.secret(), token, this.clock.now());
    if (await this.store.isRevoked(link.id)) {
      throw new RoomError(MessageError.TEACHER_LINK_REVOKED, 'this teacher link has been revoked');
    }
    const held = await this.store.bind({
      linkId: link.id,
      userId,
      name: link.name,
      boundAt: this.clock.now(),
    });
    if (held.userId !== userId) {
      throw new RoomError(
        MessageError.TEACHER_LINK_USED,
        'this teacher link already belongs to another browser; ask for your own',
      );
    }
    return { role: 'teacher', name: held.name };
  }

  /** The role `userId` holds now (a revoked link's role is gone at once). */
  async roleOf(userId: string): Promise<RoleGrant | undefined> {
    const binding = await this.store.bindingOf(userId);
    return binding ? { role: 'teacher', name: binding.name } : undefined;
  }

  /** Refuses with NOT_A_TEACHER unless `userId` teaches. */
  async requireTeacher(userId: string): Promise<RoleGrant> {
    const role = await this.roleOf(userId);
    if (!role) throw new RoomError(MessageError.NOT_A_TEACHER, 'only a teacher can do that');
    return role;
  }

  secret(): Promise<string> {
    return this.configuredSecret ? Promise.resolve(this.configuredSecret) : this.store.secret();
  }
}
