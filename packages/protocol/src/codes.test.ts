import { describe, expect, it } from 'vitest';
import { ConnectRefusal, MessageError, ServerFault, codeName } from './codes';

describe('error codes', () => {
  it('are unique across groups and named back', () => {
    const all = [
      ...Object.values(ConnectRefusal),
      ...Object.values(MessageError),
      ...Object.values(ServerFault),
    ];
    expect(new Set(all).size).toBe(all.length);
    expect(codeName(MessageError.OUT_OF_BOUNDS)).toBe('OUT_OF_BOUNDS');
    expect(codeName(12345)).toBe('UNKNOWN_12345');
  });

  it('stay in their ranges', () => {
    for (const c of Object.values(ConnectRefusal)) expect(c >= 4000 && c < 4100).toBe(true);
    for (const c of Object.values(MessageError)) expect(c >= 4100 && c < 4200).toBe(true);
    for (const c of Object.values(ServerFault)) expect(c >= 4500 && c < 4600).toBe(true);
  });
});
