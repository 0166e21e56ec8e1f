import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, saveName } from './saveName';

describe('saveName', () => {
  it.each([
    ['notes.pdf', 'notes.pdf'],
    ['Übung 3 – Lösungen.docx', 'Übung 3 – Lösungen.docx'],
    ['../../etc/passwd', 'etcpasswd'],
    ['..\\..\\Windows\\win.ini', 'Windowswin.ini'],
    ['what? <yes>: "a|b*".txt', 'what_ _yes__ _a_b__.txt'],
    ['  .hidden. ', 'hidden'],
    ['report.txt...', 'report.txt'],
    ['CON.txt', '_CON.txt'],
    ['con', '_con'],
    ['nul .tar.gz', '_nul .tar.gz'],
    ['Com1', '_Com1'],
    ['LPT9.log', '_LPT9.log'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['com10.txt', 'com10.txt'],
    ['tab\there\u0000.txt', 'tabhere.txt'],
    ['', 'download'],
    ['...', 'download'],
    ['/', 'download'],
    ['\u202e\u200f', 'download'],
  ])('%j saves as %j', (name, safe) => {
    expect(saveName(name)).toBe(safe);
  });

  it('removes a right-to-left override, so "photo\\u202Egpj.exe" shows as the .exe it is', () => {
    expect(saveName('photo\u202egpj.exe')).toBe('photogpj.exe');
    expect(saveName('a\u2066b\u2069c\u200e.pdf')).toBe('abc.pdf');
  });

  it('cuts a long name to 120 characters and keeps its extension', () => {
    const saved = saveName(`${'a'.repeat(200)}.pdf`);
    expect(saved).toHaveLength(120);
    expect(saved.endsWith('a.pdf')).toBe(true);
    expect(saveName('b'.repeat(300))).toBe('b'.repeat(120));
    // An "extension" as long as the name is not one: the name is simply cut.
    expect(saveName(`x.${'y'.repeat(200)}`)).toBe(`x.${'y'.repeat(118)}`);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const saved = saveName(`${'😀'.repeat(130)}.png`);
    expect(Array.from(saved)).toHaveLength(120);
    expect(saved).toBe(`${'😀'.repeat(116)}.png`);
  });

  it('does not leave a dot or space at the end of a cut name', () => {
    const saved = saveName(`${'a'.repeat(115)}  . . ${'b'.repeat(10)}.txt`);
    expect(saved).toBe(`${'a'.repeat(115)}.txt`);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1 KB'],
    [1500, '1.5 KB'],
    [9949, '9.9 KB'],
    [9960, '10 KB'],
    [999_400, '999 KB'],
    [999_600, '1 MB'],
    [1_500_000, '1.5 MB'],
    [40_000_000, '40 MB'],
    [40_400_000, '40 MB'],
    [2_340_000_000, '2.3 GB'],
    [5_000_000_000_000, '5000 GB'],
    [-5, '0 B'],
    [NaN, '0 B'],
  ])('%d bytes is %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [5, '5 s'],
    [4.6, '5 s'],
    [59.4, '59 s'],
    [59.6, '1 min'],
    [125, '2 min 5 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h'],
    [3780, '1 h 3 min'],
    [3839, '1 h 3 min'],
    [90_000, '25 h'],
    [-3, '0 s'],
    [Infinity, '0 s'],
  ])('%d seconds is %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
