import { describe, expect, it } from 'vitest';
import { MediaLibrary, videoTypeOf } from './mediaLibrary';

describe('videoTypeOf', () => {
  it.each([
    ['lesson.webm', 'video/webm'],
    ['LESSON.WEBM', 'video/webm'],
    ['talk.mp4', 'video/mp4'],
    ['talk.m4v', 'video/mp4'],
    ['old.ogv', 'video/ogg'],
    ['phone.MOV', 'video/quicktime'],
    ['/media/a%20b.webm', 'video/webm'],
    ['https://videos.example.org/talks/2024/keynote.mp4', 'video/mp4'],
    ['https://videos.example.org/keynote.webm?t=30#chapter-2', 'video/webm'],
    ['http://example.org/a.b.c.webm', 'video/webm'],
  ])('%s is %s', (input, type) => {
    expect(videoTypeOf(input)).toBe(type);
  });

  it.each([
    ['notes.txt'],
    ['page.html'],
    ['.webm'],
    ['webm'],
    ['archive.webm.zip'],
    ['https://example.org/'],
    ['https://example.org/watch?v=clip.webm'],
    ['https://example.org/page#clip.mp4'],
    ['https://example.org/clip.webm/'],
    ['https://example.org/clip.mp4%3Fx'],
    ['a.constructor'],
    ['a.__proto__'],
    [''],
  ])('%s is not a known video', (input) => {
    expect(videoTypeOf(input)).toBeUndefined();
  });
});

describe('MediaLibrary', () => {
  it('serves a name at /media/ with everything but unreserved characters percent-encoded', () => {
    expect(MediaLibrary.urlOf('lesson 1.webm')).toBe('/media/lesson%201.webm');
    expect(MediaLibrary.urlOf('100% #1?.mp4')).toBe('/media/100%25%20%231%3F.mp4');
    expect(MediaLibrary.urlOf('../x.webm')).toBe('/media/..%2Fx.webm');
  });

  it('is empty without a folder, or with one that is not there', async () => {
    expect(await new MediaLibrary().list()).toEqual([]);
    expect(await new MediaLibrary('/nonexistent/campus-media').list()).toEqual([]);
    expect(await new MediaLibrary('/nonexistent/campus-media').find('a.webm')).toBeUndefined();
  });
});
