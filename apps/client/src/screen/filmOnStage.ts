/**
 * Whether a film is on the room's screen, for the classroom stage to lay itself out around it: the screen view
 * (ScreenView) sets it, the stage (ClassroomStage, inside the media) follows it. A film on the screen wins over a
 * screen share: the share waits, captioned, until the film is taken off.
 */
export class FilmOnStage {
  private current: string | undefined;
  private readonly listeners = new Set<() => void>();

  /** The film's title, or undefined when none is on the screen. */
  get title(): string | undefined {
    return this.current;
  }

  set(title: string | undefined): void {
    if (title === this.current) return;
    this.current = title;
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The page's one stage, so its one film. */
export const filmOnStage = new FilmOnStage();
