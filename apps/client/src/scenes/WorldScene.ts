import Phaser from 'phaser';
import type { PositionState, Profile, UserSnapshot } from '@campus/protocol';
import {
  LocalWalker,
  type Area,
  type MovementStroke,
  type Rect,
  type TiledMap,
  type WorldMap,
} from '@campus/world';
import type { CampusConnection, JoinedReply } from '../net/CampusConnection';
import { isTyping } from '../ui/dom';
import { KeyIntent } from '../world/KeyIntent';
import { planMapDrawing } from '../world/mapDrawing';
import { RemoteTrack } from '../world/RemoteTrack';
import { viewZoom } from '../world/viewZoom';
import { AvatarSprite, createAvatarAnimations } from './AvatarSprite';
import { MAP_KEY } from './BootScene';

export interface WorldSceneData {
  connection: CampusConnection;
  reply: JoinedReply;
  map: WorldMap;
}

interface RemoteAvatar {
  track: RemoteTrack;
  avatar: AvatarSprite;
  profile: Profile;
}

/** Game events the page's DOM overlay listens to. */
export const WorldEvents = {
  AREA_CHANGED: 'area-changed',
  POPULATION: 'population',
  /** The local user changed their name or look in settings. */
  SELF_PROFILE: 'self-profile',
} as const;

/** The campus: draws the map and everyone on it; the logic lives in LocalWalker and RemoteTrack. */
export class WorldScene extends Phaser.Scene {
  private connection!: CampusConnection;
  private map!: WorldMap;
  private walker!: LocalWalker;
  private self!: AvatarSprite;
  private selfProfile!: Profile;
  private userId = '';
  private readonly remotes = new Map<string, RemoteAvatar>();
  private readonly keys = new KeyIntent();
  private areaId: string | undefined;
  private readonly cleanups: Array<() => void> = [];

  constructor() {
    super('world');
  }

  init(data: WorldSceneData): void {
    this.connection = data.connection;
    this.map = data.map;
    this.userId = data.reply.userId;
    this.selfProfile = data.reply.self.profile;
  }

  create(data: WorldSceneData): void {
    this.drawMap();
    createAvatarAnimations(this.anims);
    this.self = new AvatarSprite(
      this,
      this.selfProfile.appearance.look,
      this.selfProfile.name,
      true,
      this.labelResolution(),
    );
    this.enterWorld(data.reply);

    const camera = this.cameras.main;
    camera.setBounds(0, 0, this.map.widthPx, this.map.heightPx);
    camera.setRoundPixels(true);
    camera.startFollow(this.self.sprite, true, 0.2, 0.2);
    this.fitZoom();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.fitZoom, this);

    this.listenToServer();
    this.listenToKeyboard();
    // After a drop, the connection rejoins from where the avatar stands now.
    this.connection.setResumeSource(() => {
      const now = performance.now();
      return { position: this.walker.positionAt(now), direction: this.walker.stroke.direction };
    });
    const onSelfProfile = (p: { name: string; look: Profile['appearance']['look'] }): void =>
      this.self.setProfile(p.name, p.look);
    this.game.events.on(WorldEvents.SELF_PROFILE, onSelfProfile);
    this.cleanups.push(() => this.game.events.off(WorldEvents.SELF_PROFILE, onSelfProfile));
    this.exposeDebugHandle();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.cleanups.splice(0).forEach((undo) => undo()));
  }

  override update(): void {
    const now = performance.now();
    // A start, turn or stop takes effect when the key moved, not at this frame.
    const stroke = this.walker.update(this.keys.direction, now, this.keys.changedAt ?? now);
    if (stroke) this.connection.sendStroke(stroke);
    const here = this.walker.positionAt(now);
    this.self.place(here, this.walker.stroke.direction, this.walker.isWalking(now));
    for (const remote of this.remotes.values()) {
      remote.avatar.place(remote.track.displayAt(now), remote.track.direction, remote.track.isWalking(now));
    }
    const area = this.map.areaAt(here);
    if (area?.id !== this.areaId) {
      this.areaId = area?.id;
      this.game.events.emit(WorldEvents.AREA_CHANGED, area);
    }
  }

  /** Areas the local avatar may not enter (full classrooms); if it stands in one, it is put back at the edge. */
  setBarriers(rects: Rect[]): void {
    this.walker.setBarriers(rects);
    const stroke = this.walker.evict(performance.now());
    if (stroke) this.connection.sendStroke(stroke);
  }

  /** The area the local avatar stands in now, if any. */
  currentArea(): Area | undefined {
    return this.map.areaAt(this.walker.positionAt(performance.now()));
  }

  /** Where everyone is drawn right now: the local avatar and every other one (for proximity media). */
  positionsNow(): { self: { x: number; y: number }; others: Map<string, { x: number; y: number }> } {
    const now = performance.now();
    const others = new Map<string, { x: number; y: number }>();
    for (const [userId, remote] of this.remotes) others.set(userId, remote.track.displayAt(now));
    return { self: this.walker.positionAt(now), others };
  }

  private drawMap(): void {
    const tilemap = this.make.tilemap({ key: MAP_KEY });
    const drawing = planMapDrawing(this.cache.tilemap.get(MAP_KEY).data as TiledMap);
    const tilesets = drawing.sheets
      .filter((sheet) => this.textures.exists(sheet.texture))
      .map((sheet) => tilemap.addTilesetImage(sheet.name, sheet.texture))
      .filter((ts): ts is Phaser.Tilemaps.Tileset => ts !== null);
    for (const { name, depth } of drawing.tileLayers) tilemap.createLayer(name, tilesets)?.setDepth(depth);
    for (const p of drawing.placements) {
      if (!this.textures.exists(p.texture)) continue;
      const texture = this.textures.get(p.texture);
      if (p.frame && !texture.has(p.frame.name)) {
        texture.add(p.frame.name, 0, p.frame.x, p.frame.y, p.frame.width, p.frame.height);
      }
      const image = this.add.image(p.x, p.y, p.texture, p.frame?.name).setDepth(p.depth).setAlpha(p.alpha);
      // An image layer is placed by its top-left corner at its own size; everything else by its centre.
      if (p.width === 0) image.setOrigin(0, 0);
      else image.setDisplaySize(p.width, p.height).setAngle(p.angle).setFlip(p.flipX, p.flipY);
    }
  }

  /** Places everyone from a join reply: the first join, or a rejoin after the connection came back. */
  private enterWorld(reply: JoinedReply): void {
    this.userId = reply.userId;
    for (const remote of this.remotes.values()) remote.avatar.destroy();
    this.remotes.clear();
    this.walker = new LocalWalker(
      this.map,
      reply.self.position.position,
      performance.now(),
      reply.self.position.direction,
    );
    for (const user of reply.users) this.addRemote(user);
    this.game.events.emit(WorldEvents.POPULATION, this.remotes.size + 1);
  }

  private addRemote(user: UserSnapshot): void {
    this.remotes.get(user.userId)?.avatar.destroy();
    const avatar = new AvatarSprite(
      this,
      user.profile.appearance.look,
      user.profile.name,
      false,
      this.labelResolution(),
    );
    const track = new RemoteTrack(this.map, this.toLocalStroke(user.position));
    avatar.setOnline(user.online);
    this.remotes.set(user.userId, { track, avatar, profile: user.profile });
  }

  private toLocalStroke(p: PositionState): MovementStroke {
    return {
      position: p.position,
      direction: p.direction,
      isMoving: p.isMoving,
      startedAt: this.connection.clock.toLocal(p.startedAt),
    };
  }

  private listenToServer(): void {
    const onJoined = (user: UserSnapshot): void => {
      this.addRemote(user);
      this.game.events.emit(WorldEvents.POPULATION, this.remotes.size + 1);
    };
    const onMoved = (p: PositionState): void => {
      this.remotes.get(p.userId)?.track.apply(this.toLocalStroke(p), performance.now());
    };
    const onProfile = ({ userId, profile }: { userId: string; profile: Profile }): void => {
      const remote = this.remotes.get(userId);
      if (!remote) return;
      remote.profile = profile;
      remote.avatar.setProfile(profile.name, profile.appearance.look);
    };
    const onPresence = ({ userId, online }: { userId: string; online: boolean }): void => {
      this.remotes.get(userId)?.avatar.setOnline(online);
    };
    const onLeft = ({ userId }: { userId: string }): void => {
      this.remotes.get(userId)?.avatar.destroy();
      this.remotes.delete(userId);
      this.game.events.emit(WorldEvents.POPULATION, this.remotes.size + 1);
    };
    const onCorrected = (p: PositionState): void => {
      this.walker.reset(this.toLocalStroke(p));
    };
    const offs = [
      this.connection.on('user:joined', onJoined),
      // Someone came into range, or went out of it: drawn or not, like a newcomer or a leaver.
      this.connection.on('user:visible', onJoined),
      this.connection.on('user:hidden', onLeft),
      this.connection.on('user:moved', onMoved),
      this.connection.on('user:profile', onProfile),
      this.connection.on('user:left', onLeft),
      this.connection.on('user:presence', onPresence),
      this.connection.on('self:position', onCorrected),
    ];
    const offRejoin = this.connection.onRejoin((reply) => this.enterWorld(reply));
    this.cleanups.push(() => {
      for (const off of offs) off();
      offRejoin();
    });
  }

  private listenToKeyboard(): void {
    const down = (e: KeyboardEvent): void => {
      if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (this.keys.press(e.code, e.timeStamp || performance.now())) e.preventDefault();
    };
    const up = (e: KeyboardEvent): void => this.keys.release(e.code, e.timeStamp || performance.now());
    const blur = (): void => this.keys.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    this.cleanups.push(() => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    });
  }

  private fitZoom(): void {
    const { width, height } = this.scale;
    this.cameras.main.setZoom(viewZoom(width, height));
  }

  private labelResolution(): number {
    return Math.max(2, Math.ceil(this.cameras.main.zoom * window.devicePixelRatio));
  }

  /**
   * A read-only view for end-to-end tests and for curious people in the console, in dev and test builds only: Vite
   * replaces `import.meta.env.MODE`, so a production build drops all of it.
   */
  private exposeDebugHandle(): void {
    if (import.meta.env.MODE === 'production') return;
    const handle = {
      userId: () => this.userId,
      selfPosition: () => this.walker.positionAt(performance.now()),
      remotePosition: (id: string) => this.remotes.get(id)?.track.displayAt(performance.now()),
      remoteIds: () => [...this.remotes.keys()],
      movesSent: () => this.connection.movesSent,
      area: () => this.areaId,
    };
    (window as unknown as { campusDebug?: typeof handle }).campusDebug = handle;
    this.cleanups.push(() => delete (window as unknown as { campusDebug?: typeof handle }).campusDebug);
  }
}
