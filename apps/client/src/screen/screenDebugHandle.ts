import type { RoomScreen } from './RoomScreen';

/**
 * `window.campusScreen`: a read-only view of the room's screen for end-to-end tests and the media benchmark, in dev
 * and test builds only: the shared state this page holds, how its film is doing, and the film element itself.
 */
export function exposeScreenDebugHandle(screen: RoomScreen, video: HTMLVideoElement): void {
  if (import.meta.env.MODE === 'production') return;
  const handle = {
    snapshot: () => screen.snapshot,
    /** The film as this page plays it, with the wall-clock moment it was read (ms since the epoch). */
    film: () => ({
      currentTime: video.currentTime,
      paused: video.paused,
      playbackRate: video.playbackRate,
      readyState: video.readyState,
      volume: video.volume,
      muted: video.muted,
      src: video.currentSrc,
      wallAt: Date.now(),
    }),
  };
  (window as unknown as { campusScreen: typeof handle }).campusScreen = handle;
}
