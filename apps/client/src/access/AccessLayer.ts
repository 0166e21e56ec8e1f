import type { ChatMessage, Point } from '@campus/protocol';
import type { WorldMap } from '@campus/world';
import { WALK_TO_PERSON } from '../chat/ChatPanel';
import type { Membership } from '../classroom/ClassroomController';
import type { WalkStart } from '../scenes/PointToWalk';
import type { Positions } from '../store/CampusStore';
import { element } from '../ui/dom';
import { Announcer } from './Announcer';
import { ModalDialog } from './ModalDialog';
import { PlacesDialog } from './PlacesDialog';
import { NearbyWatch, messageSpoken, nearbySpoken, roomSpoken, whereSpoken } from './spoken';
import { destinations, type Destination } from './wayfinding';

/** How often who is near is looked at, and the canvas's description brought up to date. */
const LOOK_EVERY_MS = 500;

export interface AccessDeps {
  map: WorldMap;
  selfId(): string;
  positions(): Positions | undefined;
  name(userId: string): string | undefined;
  roomName(roomId: string): string;
  notify(text: string): void;
  /** Walks the avatar to a point; `done` says whether the walk is under way. */
  walkTo(target: Point, done: (start: WalkStart) => void): void;
  onWalkEnded(listener: (arrived: boolean) => void): void;
  /** Each new chat message, and whether the chat shows its conversation now. */
  onMessage(listener: (message: ChatMessage, shown: boolean) => void): void;
}

/**
 * What lets someone use the campus without seeing the canvas or using a mouse: the "Go to" list (walk to a room or a
 * person), the shortcuts' help, a live region that reads out messages, who comes near or leaves, and rooms entered or
 * left, and a text alternative for the canvas (where you are, who is around). Plain sentences come from spoken.ts.
 */
export class AccessLayer {
  private readonly announcer = new Announcer();
  private readonly where = element<HTMLParagraphElement>('where');
  private readonly nearby = new NearbyWatch();
  private readonly names = new Map<string, string>();
  private room: { id: string; name: string } | undefined;
  /** The place a walk from the list is heading for, until it ends. */
  private heading: Destination | undefined;

  constructor(private readonly deps: AccessDeps) {
    // The keys' list: ? or its button opens it.
    new ModalDialog('help', {
      opener: 'hud-help',
      closer: 'help-close',
      key: (event) => event.key === '?',
      opening: () => element('help-close'),
    });
    new PlacesDialog({ list: () => this.places(), walk: (place) => this.walk(place) });
    deps.onWalkEnded((arrived) => {
      const place = this.heading;
      this.heading = undefined;
      if (place) this.announcer.say(arrived ? `You have arrived at ${place.name}` : 'Walk stopped');
    });
    // A message in the conversation on screen is read out by the chat's own log; the others, here.
    deps.onMessage((message, shown) => {
      if (!shown && message.from !== deps.selfId()) this.announcer.say(messageSpoken(message, deps.roomName));
    });
    window.setInterval(() => this.look(performance.now()), LOOK_EVERY_MS);
    document.addEventListener(WALK_TO_PERSON, (event) => {
      const userId = (event as CustomEvent<string>).detail;
      const place = this.places().people.find((p) => p.id === userId);
      if (place) this.walk(place);
      else this.deps.notify(`${this.nameOf(userId)} is too far away to walk to from here`);
    });
  }

  /** The classroom we are in changed (entered, left, or its members changed). */
  roomChanged(membership: Membership | undefined): void {
    if (membership?.roomId === this.room?.id) return;
    if (this.room) this.announcer.say(roomSpoken({ left: this.room.name }));
    this.room = membership && { id: membership.roomId, name: membership.name };
    if (!membership) return;
    const others = membership.members.filter((id) => id !== this.deps.selfId()).map((id) => this.nameOf(id));
    this.announcer.say(roomSpoken({ entered: membership.name, others }));
  }

  /** The connection was rebuilt: who is near is worked out afresh (and said again). */
  rejoined(): void {
    this.nearby.reset();
  }

  private places(): { rooms: Destination[]; people: Destination[] } {
    const where = this.deps.positions();
    if (!where) return { rooms: [], people: [] };
    const people = [...where.others].map(([userId, position]) => ({
      userId,
      name: this.nameOf(userId),
      position,
    }));
    return destinations(this.deps.map, where.self, people);
  }

  private walk(place: Destination): void {
    this.deps.walkTo(place.target, (start) => {
      if (start === 'walking') {
        this.heading = place;
        this.announcer.say(`Walking to ${place.name}`);
        return;
      }
      const text =
        start === 'here' ? `You are already at ${place.name}` : `There is no way to ${place.name} now`;
      this.announcer.say(text);
      this.deps.notify(text);
    });
  }

  private look(now: number): void {
    const where = this.deps.positions();
    if (!where) return;
    // Near is within talking range and on the same side of a classroom's walls.
    const map = this.deps.map;
    const here = map.areaAt(where.self)?.id;
    const sameSide = (p: Point): boolean => map.areaAt(p)?.id === here;
    const { came, left } = this.nearby.update(where.self, where.others, now, sameSide);
    for (const sentence of nearbySpoken(
      came.map((id) => this.nameOf(id)),
      left.map((id) => this.nameOf(id)),
    ))
      this.announcer.say(sentence);
    const place = map.areaAt(where.self)?.name;
    const near = [...this.nearby.near].map((id) => this.nameOf(id));
    const text = whereSpoken(place, near, where.others.size);
    if (this.where.textContent !== text) this.where.textContent = text;
  }

  /** A name as last known: someone who has just gone from the roster is still named when they are said to leave. */
  private nameOf(userId: string): string {
    const name = this.deps.name(userId);
    if (name) this.names.set(userId, name);
    return name ?? this.names.get(userId) ?? 'Someone';
  }
}
