import Phaser from 'phaser';
import type { Point } from '@campus/protocol';
import type { TiledMap } from '@campus/world';
import type { CampusConnection } from '../net/CampusConnection';
import type { CampusStore, StoreEvent } from '../store/CampusStore';
import { isCampusKey } from '../ui/dom';
import { KeyIntent } from '../world/KeyIntent';
import { LABEL_REFRESH_MS, MAX_LABELS, labelled } from '../world/labelBudget';
import { planMapDrawing } from '../world/mapDrawing';
import { nextZoomStep, viewZoom } from '../world/viewZoom';
import { AvatarSprite, createAvatarAnimations } from './AvatarSprite';
import { MAP_KEY } from './BootScene';
import { PointToWalk, type WalkStart } from './PointToWalk';
import { TouchStick } from './TouchStick';

export interface WorldSceneData {
  connection: CampusConnection;
  store: CampusStore;
}

/** Game events the page's DOM overlay listens to. */
export const WorldEvents = {
  AREA_CHANGED: 'area-changed',
  /** Asks the scene to walk the avatar to a point (world px): `(target, done: (start: WalkStart) => void)`. */
  WALK_TO: 'walk-to',
  /** A walk by pointing or from the places list ended: `(arrived: boolean)`, false when a key took over. */
  WALK_ENDED: 'walk-ended',
  /** How many CSS px at the bottom a panel covers across the screen (the chat sheet on a phone): `(px: number)`. */
  VIEW_INSET: 'view-inset',
  /** The viewer zooms in (1) or out (-1) a step, within what viewZoom allows: `(delta: 1 | -1)`. */
  ZOOM: 'zoom',
} as const;

/**
 * The campus: draws the map and everyone on it. What it draws comes from the store (the local walk, the people around
 * and their tracks); the scene keeps only the sprites, keyed by user id, and turns keys into strokes.
 */
export class WorldScene extends Phaser.Scene {
  private connection!: CampusConnection;
  private store!: CampusStore;
  private self!: AvatarSprite;
  private readonly sprites = new Map<string, AvatarSprite>();
  private readonly keys = new KeyIntent();
  private pointing!: PointToWalk;
  private stick: TouchStick | undefined;
  private areaId: string | undefined;
  /** How much of the bottom of the screen a panel covers (VIEW_INSET), in CSS px. */
  private insetPx = 0;
  /** The viewer's own zoom, in steps from the usual (viewZoom). */
  private zoomStep = 0;
  /** Frames drawn so far: tests wait for the frame after a key event, which is when the key takes effect. */
  private framesDrawn = 0;
  /** When the names drawn in a crowd were last chosen. */
  private labelsChosenAt = -Infinity;
  private readonly cleanups: Array<() => void> = [];

  constructor() {
    super('world');
  }

  init(data: WorldSceneData): void {
    this.connection = data.connection;
    this.store = data.store;
  }

  create(): void {
    this.drawMap();
    createAvatarAnimations(this.anims);
    const me = this.store.self;
    this.self = new AvatarSprite(this, me.look, me.name, true, this.labelResolution());
    this.redrawPeople();

    const camera = this.cameras.main;
    camera.setBounds(0, 0, this.store.map.widthPx, this.store.map.heightPx);
    camera.setRoundPixels(true);
    // The camera eases after the avatar, unless the system asks for reduced motion: then it keeps it centred.
    const ease = window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 1 : 0.2;
    camera.startFollow(this.self.sprite, true, ease, ease);
    this.fitZoom();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.fitZoom, this);

    this.cleanups.push(this.store.onChange((event) => this.follow(event)));
    this.listenToKeyboard();
    const stick = new TouchStick(this, this.keys, () => this.store.now());
    this.stick = stick;
    this.pointing = new PointToWalk(
      this,
      this.store,
      (arrived) => this.game.events.emit(WorldEvents.WALK_ENDED, arrived),
      (pointer) => stick.steeredBy(pointer),
    );
    const walkTo = (target: Point, done?: (start: WalkStart) => void): void =>
      done?.(this.pointing.walkTo(target));
    // With the bottom of the screen covered, the view centres the avatar in the part still showing.
    const inset = (px: number): void => {
      this.insetPx = px;
      this.fitZoom();
    };
    const zoom = (delta: 1 | -1): void => {
      this.zoomStep = nextZoomStep(this.scale.width, this.scale.height, this.zoomStep, delta);
      this.fitZoom();
    };
    const events: Array<[string, (...args: never[]) => void]> = [
      [WorldEvents.WALK_TO, walkTo],
      [WorldEvents.VIEW_INSET, inset],
      [WorldEvents.ZOOM, zoom],
    ];
    for (const [name, listener] of events) this.game.events.on(name, listener);
    this.cleanups.push(() => events.forEach(([name, listener]) => this.game.events.off(name, listener)));
    // After a drop, the connection rejoins from where the avatar stands now.
    this.connection.setResumeSource(() => {
      const walker = this.store.self.walker;
      return { position: walker.positionAt(this.store.now()), direction: walker.stroke.direction };
    });
    this.exposeDebugHandle();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.cleanups.splice(0).forEach((undo) => undo()));
  }

  override update(): void {
    this.framesDrawn++;
    const now = this.store.now();
    const walker = this.store.self.walker;
    // A start, turn or stop takes effect when the key moved (or a pointed walk reached its corner), not at this frame.
    const intent = this.pointing.step(this.keys, now);
    const stroke = walker.update(intent.direction, now, intent.since);
    if (stroke) this.connection.sendStroke(stroke);
    const here = walker.positionAt(now);
    this.self.place(here, walker.stroke.direction, walker.isWalking(now));
    // Who is drawn where, collected only on the frames that choose the names.
    const drawn = now - this.labelsChosenAt >= LABEL_REFRESH_MS ? new Map<string, Point>() : undefined;
    for (const [userId, avatar] of this.sprites) {
      const track = this.store.people.get(userId)?.track;
      if (!track) continue;
      const at = track.displayAt(now);
      avatar.place(at, track.direction, track.isWalking(now));
      if (drawn && avatar.inSight) drawn.set(userId, at);
    }
    if (drawn) {
      this.labelsChosenAt = now;
      // Off screen counts as near while few are in view, so a name is there the moment its avatar comes into view.
      const named = drawn.size > MAX_LABELS ? labelled(here, drawn) : undefined;
      for (const [userId, avatar] of this.sprites) avatar.setNamed(!named || named.has(userId));
    }
    const area = this.store.map.areaAt(here);
    if (area?.id !== this.areaId) {
      this.areaId = area?.id;
      this.game.events.emit(WorldEvents.AREA_CHANGED, area);
    }
  }

  /** Keeps the sprites in step with the store: one per person in range, drawn with their name, look and presence. */
  private follow(event: StoreEvent): void {
    switch (event.kind) {
      case 'reset':
        this.redrawPeople();
        return;
      case 'self':
        this.self.setProfile(this.store.self.name, this.store.self.look);
        return;
      case 'joined':
        this.addSprite(event.userId);
        return;
      case 'left':
      case 'hidden':
        this.sprites.get(event.userId)?.destroy();
        this.sprites.delete(event.userId);
        return;
      case 'profile': {
        const entry = this.store.people.get(event.userId);
        if (entry) this.sprites.get(event.userId)?.setProfile(entry.name, entry.look);
        return;
      }
      case 'presence':
        this.sprites.get(event.userId)?.setOnline(event.online);
        return;
      case 'media':
        return;
      default: {
        const unexpected: never = event;
        throw new Error(`unexpected store event ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private redrawPeople(): void {
    for (const avatar of this.sprites.values()) avatar.destroy();
    this.sprites.clear();
    for (const userId of this.store.people.ids()) this.addSprite(userId);
  }

  private addSprite(userId: string): void {
    const entry = this.store.people.get(userId);
    if (!entry) return;
    this.sprites.get(userId)?.destroy();
    const avatar = new AvatarSprite(this, entry.look, entry.name, false, this.labelResolution());
    avatar.setOnline(entry.online);
    this.sprites.set(userId, avatar);
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

  private listenToKeyboard(): void {
    const down = (e: KeyboardEvent): void => {
      if (!isCampusKey(e)) return;
      if (!this.keys.press(e.code, e.timeStamp || this.store.now())) return;
      e.preventDefault();
      this.pointing.cancel();
    };
    const up = (e: KeyboardEvent): void => this.keys.release(e.code, e.timeStamp || this.store.now());
    const blur = (): void => {
      this.keys.clear();
      this.stick?.reset();
    };
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
    const camera = this.cameras.main;
    camera.setZoom(viewZoom(width, height, this.zoomStep));
    camera.setFollowOffset(0, -this.insetPx / 2 / camera.zoom);
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
      userId: () => this.store.self.userId,
      selfPosition: () => this.store.self.walker.positionAt(this.store.now()),
      /** The own avatar's stroke now, and how many frames have been drawn (a key takes effect at the next). */
      selfStroke: () => {
        const { isMoving, startedAt } = this.store.self.walker.stroke;
        return { isMoving, startedAt, frames: this.framesDrawn };
      },
      remotePosition: (id: string) => this.store.people.get(id)?.track?.displayAt(this.store.now()),
      remoteIds: () => this.store.people.ids(),
      /** Whose names are drawn now (a crowd draws only the nearest: labelBudget). */
      named: () => [...this.sprites].filter(([, avatar]) => avatar.nameShown).map(([id]) => id),
      movesSent: () => this.connection.movesSent,
      /** Where on the page (CSS px) a point of the campus is drawn now, to tap it. */
      pageOf: (p: Point) => {
        const camera = this.cameras.main;
        const bounds = this.game.canvas.getBoundingClientRect();
        const scale = bounds.width / this.scale.width;
        return {
          x: bounds.left + (p.x - camera.worldView.x) * camera.zoom * scale,
          y: bounds.top + (p.y - camera.worldView.y) * camera.zoom * scale,
        };
      },
      /** How many strokes the walk under way is made of (start, turns, stop); 0 when none. */
      walkPlan: () => this.pointing.plan,
      zoom: () => this.cameras.main.zoom,
      area: () => this.areaId,
    };
    (window as unknown as { campusDebug?: typeof handle }).campusDebug = handle;
    this.cleanups.push(() => delete (window as unknown as { campusDebug?: typeof handle }).campusDebug);
  }
}
