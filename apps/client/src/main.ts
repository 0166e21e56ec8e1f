import Phaser from 'phaser';
import { loadTiledMap, type Area } from '@campus/world';
import { ChatBook } from './chat/ChatBook';
import { ChatController } from './chat/ChatController';
import { ChatStore } from './chat/ChatStore';
import { ClassroomController } from './classroom/ClassroomController';
import { forgetEverything, loadOrCreateSecret } from './identity/localIdentity';
import { MediaController } from './media/MediaController';
import { CampusConnection } from './net/CampusConnection';
import { feedRoster } from './net/rosterFeed';
import { BootScene, MAP_KEY } from './scenes/BootScene';
import { WorldEvents, WorldScene, type WorldSceneData } from './scenes/WorldScene';
import { Hud } from './ui/Hud';
import { showJoinScreen } from './ui/JoinScreen';
import { loadProfile, saveProfile } from './ui/profileStore';
import { SettingsDialog, type SettingsValues } from './ui/SettingsDialog';
import { Roster } from './world/Roster';

const connection = new CampusConnection(loadOrCreateSecret(localStorage));
const roster = new Roster();
feedRoster(connection, roster);
let chat: ChatController | undefined;
let classroom: ClassroomController | undefined;
let self: SettingsValues | undefined;

const settings = new SettingsDialog(
  (values) => {
    self = values;
    saveProfile(localStorage, { name: values.name, look: values.look });
    connection.updateProfile(values);
    chat?.setSelfName(values.name);
    game.events.emit(WorldEvents.SELF_PROFILE, values);
  },
  () => {
    forgetEverything(localStorage);
    window.location.reload();
  },
);
const hud = new Hud({
  settings: () => self && settings.open(self),
  takeBack: () => connection.takeBack(),
});
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

game.events.on(WorldEvents.AREA_CHANGED, (area: Area | undefined) => {
  hud.setArea(area);
  chat?.setArea(area);
  classroom?.areaChanged(area);
});
game.events.on(WorldEvents.POPULATION, (count: number) => hud.setPopulation(count));
game.events.once('boot-failed', (message: string) => hud.fail(`${message}. Is the server running?`));

game.events.once('boot-complete', () => {
  const tiled = game.cache.tilemap.get(MAP_KEY)?.data as unknown;
  const map = loadTiledMap(tiled);
  showJoinScreen(loadProfile(localStorage), async (profile) => {
    // Created on the click, so the browser lets it play sound.
    const audio = new AudioContext();
    void audio.resume();
    if (!connection.online) throw new Error(connection.notConnectedReason());
    const reply = await connection.join({ name: profile.name, appearance: { look: profile.look } });
    saveProfile(localStorage, profile);
    self = {
      name: reply.self.profile.name,
      look: reply.self.profile.appearance.look,
      status: reply.self.profile.status,
    };
    roster.reset(reply.users);
    const book = new ChatBook(new ChatStore(localStorage, reply.userId), reply.userId);
    chat = new ChatController(
      connection,
      roster,
      book,
      profile.name,
      (roomId) => map.areaById(roomId)?.name ?? roomId,
      (text) => hud.notify(text),
    );
    chat.start(reply);
    const data: WorldSceneData = { connection, reply, map };
    game.scene.start('world', data);
    game.scene.stop('boot');
    hud.show();
    const media = new MediaController(
      connection,
      roster,
      () => reply.userId,
      () => self?.name ?? profile.name,
      () =>
        game.scene.isActive('world')
          ? (game.scene.getScene('world') as WorldScene).positionsNow()
          : undefined,
      audio,
      (text) => hud.notify(text),
      new URLSearchParams(window.location.search).get('ice') === 'relay' ? 'relay' : 'all',
      (p) => map.areaAt(p) !== undefined,
    );
    const world = (): WorldScene | undefined =>
      game.scene.isActive('world') ? (game.scene.getScene('world') as WorldScene) : undefined;
    classroom = new ClassroomController(connection, () => reply.userId, {
      setBarriers: (rects) => world()?.setBarriers(rects),
      currentArea: () => world()?.currentArea(),
      notify: (text) => hud.notify(text),
      changed: (membership) => media.setClassroom(membership),
    });
    media.start().catch((err: unknown) => hud.notify(`Voice and video are unavailable: ${String(err)}`));
  });
});
