import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config';

describe('configFromEnv', () => {
  it('takes FILE_MAX_BYTES as a whole number of bytes, 1 GiB when unset, and refuses anything else at start', () => {
    expect(configFromEnv({}).FILE_MAX_BYTES).toBe(1_073_741_824);
    expect(configFromEnv({ FILE_MAX_BYTES: '' }).FILE_MAX_BYTES).toBe(1_073_741_824);
    expect(configFromEnv({ FILE_MAX_BYTES: '52428800' }).FILE_MAX_BYTES).toBe(52_428_800);
    for (const bad of ['0', '-1', '1.5', '50MB', String(2 ** 41)]) {
      expect(() => configFromEnv({ FILE_MAX_BYTES: bad }), bad).toThrow(/FILE_MAX_BYTES/);
    }
  });
});
