import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The client's JavaScript as `vite build --mode <mode>` makes it, kept in memory. */
async function bundle(mode: string): Promise<string> {
  const result = await build({
    root,
    mode,
    logLevel: 'silent',
    build: { write: false, sourcemap: false, reportCompressedSize: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs
    .flatMap((o) => o.output)
    .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
    .join('\n');
}

describe('the client build', () => {
  it('has the debug handles in test builds and leaves them out of production builds', async () => {
    const production = await bundle('production');
    expect(production).not.toContain('campusDebug');
    expect(production).not.toContain('campusMedia');
    expect(production).not.toContain('campusScreen');
    const test = await bundle('test');
    expect(test).toContain('campusDebug');
    expect(test).toContain('campusMedia');
    expect(test).toContain('campusScreen');
  }, 180_000);
});
