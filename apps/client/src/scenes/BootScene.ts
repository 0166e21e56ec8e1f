import Phaser from 'phaser';
import type { TiledMap } from '@campus/world';
import { AVATAR_SHEET } from '../world/avatarFrames';
import { planMapDrawing } from '../world/mapDrawing';

export const MAP_KEY = 'campus';
const MAP_URL = 'world/map.json';

/** Loads the map the server enforces, its tilesets and the avatars, with a progress bar. */
export class BootScene extends Phaser.Scene {
  constructor() {
    super('boot');
  }

  preload(): void {
    const { width, height } = this.scale;
    const barWidth = Math.min(320, width * 0.6);
    const x = (width - barWidth) / 2;
    const y = height / 2;
    this.add
      .text(width / 2, y - 28, 'Opening the campus…', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '16px',
        color: '#f4ead5',
      })
      .setOrigin(0.5);
    this.add.rectangle(x, y, barWidth, 10, 0x3b3355).setOrigin(0, 0.5);
    const fill = this.add.rectangle(x, y, 0, 10, 0xf2b45a).setOrigin(0, 0.5);
    this.load.on(Phaser.Loader.Events.PROGRESS, (progress: number) => {
      fill.width = barWidth * progress;
    });
    this.load.on(Phaser.Loader.Events.FILE_LOAD_ERROR, (file: Phaser.Loader.File) => {
      // Without the map there is no world; a missing picture only leaves its tiles undrawn (walls still block).
      if (file.key === MAP_KEY || file.key === AVATAR_SHEET.key) {
        this.game.events.emit('boot-failed', `Could not load ${file.url}`);
      } else {
        console.warn(`Could not load ${file.url}; its tiles are not drawn`);
      }
    });

    // The images are named inside the map, so they are queued once the map has arrived.
    this.load.once(`filecomplete-tilemapJSON-${MAP_KEY}`, () => {
      const data = this.cache.tilemap.get(MAP_KEY)?.data as TiledMap | undefined;
      if (!data) return;
      for (const texture of planMapDrawing(data).textures)
        this.load.image(texture.key, `world/${texture.url}`);
    });
    this.load.tilemapTiledJSON(MAP_KEY, MAP_URL);
    this.load.spritesheet(AVATAR_SHEET.key, AVATAR_SHEET.url, {
      frameWidth: AVATAR_SHEET.frameWidth,
      frameHeight: AVATAR_SHEET.frameHeight,
    });
  }

  create(): void {
    this.game.events.emit('boot-complete');
  }
}
