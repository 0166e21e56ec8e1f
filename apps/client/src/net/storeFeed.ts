import type { CampusStore } from '../store/CampusStore';
import type { CampusConnection, JoinedReply } from './CampusConnection';

/**
 * The one adapter from the connection to the store: every presence, profile, media and movement event, who comes
 * into or goes out of this user's area of interest, and server corrections of the local avatar. On a rejoin it resets
 * the store from the fresh snapshot first, then calls `rejoined`, which tells the rest of the page in its own order.
 * Returns the way to stop.
 */
export function feedStore(
  connection: CampusConnection,
  store: CampusStore,
  rejoined: (reply: JoinedReply) => void,
): () => void {
  const people = store.people;
  const offs = [
    connection.on('user:joined', (user) => people.add(user)),
    // Someone came into range, or went out of it: like a newcomer or a leaver, but still in the world.
    connection.on('user:visible', (user) => people.add(user)),
    connection.on('user:hidden', ({ userId }) => people.hide(userId)),
    connection.on('user:left', ({ userId }) => people.remove(userId)),
    connection.on('user:presence', ({ userId, online }) => people.setOnline(userId, online)),
    connection.on('user:profile', ({ userId, profile }) => people.updateProfile(userId, profile)),
    connection.on('user:media', ({ userId, media }) => people.setMedia(userId, media)),
    connection.on('user:moved', (p) => store.moved(p)),
    connection.on('self:position', (p) => store.corrected(p)),
    connection.onRejoin((reply) => {
      store.reset(reply);
      rejoined(reply);
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
