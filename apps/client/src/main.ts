import Phaser from 'phaser';
import { loadTiledMap, type Area } from '@campus/world';
import { ChatBook } from './chat/ChatBook';
import { ChatController } from './chat/ChatController';
import { ChatStore } from './chat/ChatStore';
import { ClassroomController } from './classroom/ClassroomController';
import { forgetEverything, loadOrCreateSecret } from './identity/localIdentity';
import { forgetTeacherLink, roleBadge, takeTeacherLink, teacherLinkOutcome } from './identity/teacherLink';
import { AnnouncementView } from './lesson/AnnouncementView';
import { LessonController } from './lesson/LessonController';
import { LessonPanel } from './lesson/LessonPanel';
import { MediaController } from './media/MediaController';
import { FileCards } from './files/FileCards';
import { FileRecords } from './files/FileRecords';
import { FileSharing } from './files/FileSharing';
import { MemoryChunkStore, OpfsChunkStore } from './files/ChunkStore';
import { exposeFilesDebugHandle } from './files/filesDebugHandle';
import { formatBytes } from './files/saveName';
import { CampusConnection } from './net/CampusConnection';
import { RoomScreen } from './screen/RoomScreen';
import { exposeScreenDebugHandle } from './screen/screenDebugHandle';
import { HtmlFilmPlayer, ScreenView } from './screen/ScreenView';
import { feedStore } from './net/storeFeed';
import { BootScene, MAP_KEY } from './scenes/BootScene';
import { WorldEvents, WorldScene, type WorldSceneData } from './scenes/WorldScene';
import { AccessLayer } from './access/AccessLayer';
import { watchBottomInset } from './access/viewInset';
import { wireZoomControls } from './access/zoomControls';
import { applyTextSize, loadTextSize } from './access/textSize';
import { CampusStore } from './store/CampusStore';
import { element } from './ui/dom';
import { Hud } from './ui/Hud';
import { showJoinScreen } from './ui/JoinScreen';
import { loadProfile, saveProfile } from './ui/profileStore';
import { SettingsDialog, type SettingsValues } from './ui/SettingsDialog';

applyTextSize(document.documentElement, loadTextSize(localStorage));
const connection = new CampusConnection(loadOrCreateSecret(localStorage));
// A teacher link (docs/teaching.md) is taken out of the address at once, and claimed once joined.
const teacherLink = takeTeacherLink(window.location, window.history, localStorage);
let store: CampusStore | undefined;
let chat: ChatController | undefined;
let classroom: ClassroomController | undefined;
let self: SettingsValues | undefined;

const settings = new SettingsDialog(
  (values) => {
    self = values;
    saveProfile(localStorage, { name: values.name, look: values.look });
    connection.updateProfile(values);
    chat?.setSelfName(values.name);
    store?.setSelfProfile(values);
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
watchBottomInset(element('chat'), (px) => game.events.emit(WorldEvents.VIEW_INSET, px));
wireZoomControls((delta) => game.events.emit(WorldEvents.ZOOM, delta));
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
    const campus = new CampusStore(map, (t) => connection.clock.toLocal(t));
    store = campus;
    campus.reset(reply);
    const population = (): void => hud.setPopulation(campus.people.size + 1);
    population();
    campus.people.onChange((event) => {
      if (
        event.kind === 'reset' ||
        event.kind === 'joined' ||
        event.kind === 'left' ||
        event.kind === 'hidden'
      )
        population();
    });
    const book = new ChatBook(new ChatStore(localStorage, reply.userId), reply.userId);
    chat = new ChatController(
      connection,
      campus.people,
      book,
      profile.name,
      (roomId) => map.areaById(roomId)?.name ?? roomId,
      (text) => hud.notify(text),
    );
    chat.start(reply);
    // Files (docs/files.md): offers through the server, bytes between browsers, filed in the chat they belong to.
    const talking = chat;
    const files = new FileSharing({
      connection,
      selfId: () => campus.self.userId,
      notify: (text) => hud.notify(text),
      fileNote: (note) => {
        const t = files.get(note.id);
        const what = t
          ? t.dir === 'in'
            ? `${t.offer.name} (${formatBytes(t.offer.size)})`
            : `${t.name} (${formatBytes(t.size)})`
          : 'a file';
        talking.fileNote(note, t?.dir === 'out' ? `Offered ${what}` : `Offered you ${what}`);
      },
      openStore: async (offerId) => (await OpfsChunkStore.open(offerId)) ?? new MemoryChunkStore(),
      records: new FileRecords(localStorage, reply.userId),
    });
    const cards = new FileCards(files, (userId) => campus.people.get(userId)?.name ?? book.nameOf(userId));
    chat.setFiles({ offer: (file, to) => void files.offer(file, to), card: (id) => cards.card(id) });
    exposeFilesDebugHandle(files);
    const data: WorldSceneData = { connection, store: campus };
    game.scene.start('world', data);
    game.scene.stop('boot');
    hud.show();
    if (teacherLink) {
      void connection
        .request('role:claim', { token: teacherLink })
        .catch(() => undefined)
        .then((claimed) => {
          const outcome = teacherLinkOutcome(claimed);
          if (!outcome.keep) forgetTeacherLink(localStorage);
          if (claimed?.ok) campus.setSelfRole({ role: claimed.role, name: claimed.name });
          hud.notify(outcome.text);
        });
    }
    // The room's screen (docs/watching.md): a film everyone in the room watches in step, on the server's clock.
    const film = element<HTMLVideoElement>('stage-film');
    const screen = new RoomScreen(connection, new HtmlFilmPlayer(film), {
      notify: (text) => hud.notify(text),
      serverNow: () => connection.clock.toServer(performance.now()),
      refineClock: () => void connection.syncClock(4),
    });
    exposeScreenDebugHandle(screen, film);
    const media = new MediaController({
      connection,
      roster: campus.people,
      selfId: () => campus.self.userId,
      selfName: () => campus.self.name,
      positions: () => campus.positionsNow(),
      audio,
      notify: (text) => hud.notify(text),
      iceTransportPolicy:
        new URLSearchParams(window.location.search).get('ice') === 'relay' ? 'relay' : 'all',
      classroomAt: (p) => map.areaAt(p)?.id,
      lesson: () => lessons.current,
      mayUnmute: () => lessons.mayUnmute(),
      speaking: (anyone) => screen.setDucked(anyone),
      peerOpened: (peer) => {
        const first = !filesLinked;
        filesLinked = true;
        files.peerOpened(peer);
        if (first) files.resume();
      },
    });
    let filesLinked = false;
    // Leaving the page ends the calls and timers at once rather than leaving the others to notice.
    window.addEventListener('pagehide', (event) => {
      if (event.persisted) return;
      media.dispose();
      screen.dispose();
    });
    // The lesson of the room we are in (docs/teaching.md): it mutes the microphone, opens and shuts doors.
    const teaches = (): boolean => campus.self.role?.role === 'teacher';
    const lessons: LessonController = new LessonController(connection, {
      selfId: () => campus.self.userId,
      isTeacher: teaches,
      roomName: (roomId) => map.areaById(roomId)?.name ?? roomId,
      notify: (text) => hud.notify(text),
      setMic: (on) => media.setMic(on),
      doorOpened: (roomId) => room.openDoor(roomId),
      knocked: (roomId) => room.knocked(roomId),
      removed: (roomId) => room.removedFrom(roomId),
      ended: (roomId) => room.lessonEnded(roomId),
    });
    const lessonPanel = new LessonPanel(lessons, {
      selfId: () => campus.self.userId,
      isTeacher: teaches,
      names: (userId) => campus.people.get(userId)?.name,
      notify: (text) => hud.notify(text),
    });
    const screenView = new ScreenView(screen, {
      mayControl: () => !lessons.current?.active || teaches(),
      inRoom: () => !!classroom?.current,
    });
    lessons.onChange(() => screenView.render());
    const announcements = new AnnouncementView((text) => lessons.announce(text));
    const talk = chat;
    lessons.onAnnouncement((announcement) => {
      announcements.show(announcement, campus.self.userId);
      talk.announce(announcement);
    });
    const showRole = (): void => {
      hud.setRole(roleBadge(campus.self.role));
      announcements.setTeacher(teaches());
      lessonPanel.render();
      screenView.render();
    };
    showRole();
    campus.onChange((event) => {
      if (event.kind === 'self') showRole();
      else if (event.kind === 'profile' || event.kind === 'joined' || event.kind === 'reset')
        lessonPanel.render();
    });
    // Walking to a place from a list, the shortcuts, and what a screen reader is told (docs/accessibility.md).
    const access = new AccessLayer({
      map,
      selfId: () => campus.self.userId,
      positions: () => campus.positionsNow(),
      name: (userId) => campus.people.get(userId)?.name,
      roomName: (roomId) => map.areaById(roomId)?.name ?? roomId,
      notify: (text) => hud.notify(text),
      walkTo: (target, done) => game.events.emit(WorldEvents.WALK_TO, target, done),
      onWalkEnded: (listener) => game.events.on(WorldEvents.WALK_ENDED, listener),
      onMessage: (listener) => talk.onReceived(listener),
    });
    const room = new ClassroomController(connection, () => campus.self.userId, {
      setBarriers: (rects) => {
        const eviction = campus.setBarriers(rects);
        if (eviction) connection.sendStroke(eviction);
      },
      currentArea: () => campus.currentArea(),
      notify: (text) => hud.notify(text),
      changed: (membership) => {
        media.setClassroom(membership);
        access.roomChanged(membership);
        lessons.membershipChanged(membership);
        screen.membershipChanged(membership);
        screenView.render();
      },
      lockedOut: (door) => lessons.setDoor(door),
    });
    classroom = room;
    // The one place a rejoin is handled, in this order: the store starts over from the fresh snapshot (the scene
    // redraws from it, and the role is shown as the server has it now), then the chat files what was missed, the media
    // registers again, the lesson forgets the doors it knocked at, the screen forgets the film it held, and the
    // classroom is entered again from where the avatar stands (its answer brings the room's lesson and screen).
    feedStore(connection, campus, (rejoinReply) => {
      talk.rejoined(rejoinReply);
      void media.rejoined();
      lessons.rejoined();
      screen.rejoined();
      room.rejoined();
      access.rejoined();
    });
    media.start().catch((err: unknown) => hud.notify(`Voice and video are unavailable: ${String(err)}`));
  });
});
