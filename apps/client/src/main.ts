import Phaser from 'phaser';
import { loadTiledMap, type Area } from '@campus/world';
import { CampusConnection } from './net/CampusConnection';
import { BootScene, MAP_KEY } from './scenes/BootScene';
import { WorldEvents, WorldScene, type WorldSceneData } from './scenes/WorldScene';
import { Hud } from './ui/Hud';
import { showJoinScreen } from './ui/JoinScreen';
import { loadProfile, saveProfile } from './ui/profileStore';

const hud = new Hud();
const connection = new CampusConnection();
connection.onStatus((status, detail) => hud.setStatus(status, detail));

const game = new Phaser.Game({
  type: Phaser.WEBGL,
  parent: 'game',
  backgroundColor: '#16122a',
  pixelArt: true,
  scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
  scene: [BootScene, WorldScene],
  banner: false,
});

game.events.on(WorldEvents.AREA_CHANGED, (area: Area | undefined) => hud.setArea(area));
game.events.on(WorldEvents.POPULATION, (count: number) => hud.setPopulation(count));
game.events.once('boot-failed', (message: string) => hud.fail(`${message}. Is the server running?`));

game.events.once('boot-complete', () => {
  const tiled = game.cache.tilemap.get(MAP_KEY)?.data as unknown;
  const map = loadTiledMap(tiled);
  showJoinScreen(loadProfile(localStorage), async (profile) => {
    if (!connection.socket.connected) {
      throw new Error('Not connected to the campus server yet. Check the server is running, then try again.');
    }
    const reply = await connection.join({ name: profile.name, appearance: { look: profile.look } });
    saveProfile(localStorage, profile);
    const data: WorldSceneData = { connection, reply, map };
    game.scene.start('world', data);
    game.scene.stop('boot');
    hud.show();
  });
});
