import type { Roster } from '../world/Roster';
import type { CampusConnection } from './CampusConnection';

/**
 * Keeps the roster in step with the server: snapshots on (re)join, then every presence, profile and media event, and
 * who comes into or goes out of this user's area of interest.
 */
export function feedRoster(connection: CampusConnection, roster: Roster): void {
  connection.on('user:joined', (user) => roster.add(user));
  connection.on('user:visible', (user) => roster.add(user));
  connection.on('user:hidden', ({ userId }) => roster.hide(userId));
  connection.on('user:left', ({ userId }) => roster.remove(userId));
  connection.on('user:presence', ({ userId, online }) => roster.setOnline(userId, online));
  connection.on('user:profile', ({ userId, profile }) => roster.updateProfile(userId, profile));
  connection.on('user:media', ({ userId, media }) => roster.setMedia(userId, media));
  connection.onRejoin((reply) => roster.reset(reply.users));
}
