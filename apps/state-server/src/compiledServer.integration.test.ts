import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleServer, externalPackages, runtimeDependencies } from '../scripts/bundleServer';
import { SERVER_DIR } from '../scripts/compiledServer';
import { spawnStateServerProcess, type StateServerProcess } from './testing/processes';
import { joinedClient, type TestClient } from './testing/testServer';

// Beside dist/main.js, at the same depth, so the paths the server finds relative to itself are the ones it ships with.
const outfile = `${SERVER_DIR}dist/main.test-${randomBytes(4).toString('hex')}.js`;
let server: StateServerProcess | undefined;
let client: TestClient | undefined;

afterAll(async () => {
  client?.disconnect();
  await server?.stop('SIGTERM');
  rmSync(outfile, { force: true });
  rmSync(`${outfile}.map`, { force: true });
});

describe('the compiled server', () => {
  it('builds to one JavaScript file with a source map, needing only its own dependencies, and serves the campus', async () => {
    const metafile = await bundleServer(outfile);
    // Everything else is bundled, the workspace packages included; what is left to Node the image installs.
    expect(externalPackages(metafile).filter((name) => !runtimeDependencies().includes(name))).toEqual([]);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => path.includes('node_modules/') && !path.includes('@campus/'))).toEqual([]);
    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/src\/WorldRoom\.ts$/),
        expect.stringMatching(/world\/src\/movement\.ts$/),
      ]),
    );

    // Run as the image runs it, on the default campus map it finds beside itself.
    server = await spawnStateServerProcess({
      name: 'compiled server',
      script: outfile,
      env: { CLIENT_DIR: '/nonexistent' },
    });
    const joined = await joinedClient(server.url, 'Ada');
    client = joined.socket;
    expect(joined.reply.self.profile.name).toBe('Ada');
    expect(server.output()).toContain('state server listening');
  });
});
