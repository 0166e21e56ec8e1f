import { MessageError, type ScreenShowing, type ScreenSource } from '@campus/protocol';
import { videoTypeOf, type MediaLibrary } from '../mediaLibrary';
import { RoomError } from '../RoomError';

function refuse(message: string): never {
  throw new RoomError(MessageError.SCREEN_SOURCE_REFUSED, message);
}

/**
 * What a room's screen will show for `source`, or a SCREEN_SOURCE_REFUSED with a message a person can act on: a
 * library file must be in the media library's listing; a link must be http(s), carry no credentials, and point at a
 * video file (its path ending in .mp4, .m4v, .webm, .ogv or .mov).
 */
export async function resolveScreenSource(
  source: ScreenSource,
  library: MediaLibrary,
): Promise<ScreenShowing> {
  if (source.kind === 'library') {
    const file = await library.find(source.name);
    if (!file) refuse(`"${source.name.slice(0, 80)}" is not in this campus's media library`);
    return { kind: 'library', name: file.name, url: file.url, title: file.name };
  }
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    refuse('that is not a web address');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('only http and https links can be shown');
  if (url.username || url.password) refuse('links with a user name or password in them are not shown');
  if (!videoTypeOf(url.pathname)) {
    refuse('that link is not a video file: link to an .mp4, .webm, .ogv or .mov file');
  }
  url.hash = '';
  return { kind: 'link', url: url.href, title: titleOf(url) };
}

/** The file's name in a link, as a person reads it. */
function titleOf(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last).slice(0, 120) || url.host;
  } catch {
    return last.slice(0, 120) || url.host;
  }
}
