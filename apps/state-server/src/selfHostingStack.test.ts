import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from './config';
import { PEER_PATH } from './createStateServer';

// The self-hosting files must agree with each other and with the server, since no Docker engine runs here to try them.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  network_mode?: string;
  depends_on?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
const compose = yaml.load(composeText) as Compose;
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};

/** `.env.example`: `NAME=value` (to fill in) and `# NAME=value` (optional, or for running without compose). */
const envExample = new Map<string, { value: string; optional: boolean }>();
for (const line of read('.env.example').split('\n')) {
  const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  if (!match) continue;
  const name = match[2] as string;
  if (envExample.has(name)) throw new Error(`.env.example lists ${name} twice`);
  envExample.set(name, { value: match[3] ?? '', optional: match[1] !== undefined });
}

/** Compose's own interpolation, `${NAME}`, `${NAME:-default}`, `${NAME:?error}` (but not `$${...}`, an escape). */
const composeVariables = [...composeText.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g)].map(
  (m) => ({ name: m[1] as string, required: m[2]?.endsWith('?') ?? false, fallback: m[3] }),
);

const caddyfile = read('caddy/Caddyfile');
/** Caddyfile environment placeholders, `{$NAME}` and `{$NAME:default}`. */
const caddyVariables = new Map(
  [...caddyfile.matchAll(/\{\$([A-Z][A-Z0-9_]*)(?::([^}]*))?\}/g)].map((m) => [m[1] as string, m[2]]),
);
const caddyDefault = (name: string): string => {
  const fallback = caddyVariables.get(name);
  if (fallback === undefined) throw new Error(`the Caddyfile has no default for {$${name}}`);
  return fallback;
};
const caddyPaths = (matcher: string): string[] =>
  new RegExp(`@${matcher} path (.+)`).exec(caddyfile)?.[1]?.trim().split(/\s+/) ?? [];

const port = (mapping: string): string => mapping.split(':').at(-1) as string;
const published = (s: Service): string[] => (s.ports ?? []).map(port);

describe('the self-hosting stack', () => {
  it('has every service the docs promise, each built from a file that exists or from an official image', () => {
    expect(Object.keys(services).sort()).toEqual(['caddy', 'coturn', 'livekit', 'redis', 'state']);
    for (const [name, s] of Object.entries(services)) {
      if (s.build) expect(existsSync(`${root}${s.build.dockerfile}`), `${name}'s Dockerfile`).toBe(true);
      else expect(s.image, `${name} needs an image or a build`).toMatch(/^[\w./-]+:[\w.-]+$/);
    }
    expect(service('livekit').image).toMatch(/^livekit\/livekit-server:/);
    expect(service('coturn').image).toMatch(/^coturn\/coturn:/);
  });

  it('builds each app in stages and runs it as an unprivileged user', () => {
    for (const name of ['caddy', 'state']) {
      const dockerfile = read(service(name).build?.dockerfile ?? '');
      expect(dockerfile.match(/^FROM /gm)?.length, name).toBeGreaterThanOrEqual(2);
      const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      const user = /^USER (\S+)/m.exec(finalStage)?.[1];
      expect(user, `${name} runs as`).toBeDefined();
      expect(user).not.toMatch(/^(root|0)$/);
    }
    const front = read(service('caddy').build?.dockerfile ?? '');
    expect(front).toContain('COPY caddy/Caddyfile /etc/caddy/Caddyfile');
    expect(front).toMatch(/COPY --from=build \/app\/apps\/client\/dist (\S+)/);
    const servedFrom = /COPY --from=build \/app\/apps\/client\/dist (\S+)/.exec(front)?.[1];
    expect(front).toContain(`CLIENT_ROOT=${servedFrom}`);
  });

  it('type-checks and compiles the state server in the image, and runs the compiled JavaScript without dev tools', () => {
    const dockerfile = read(service('state').build?.dockerfile ?? '');
    const stages = dockerfile.split(/^(?=FROM )/m);
    const build = stages.find((stage) => /^FROM \S+ AS build$/m.test(stage)) ?? '';
    expect(build).toMatch(
      /npm run typecheck -w @campus\/protocol -w @campus\/world -w @campus\/map-reader -w @campus\/state-server/,
    );
    expect(build).toMatch(/npm run build -w @campus\/state-server/);
    // Every workspace the server's sources and tests import is in the build stage.
    for (const folder of ['packages', 'tools/test-maps', 'apps/state-server']) {
      expect(build).toContain(`COPY ${folder} ./${folder}`);
    }
    const final = stages.at(-1) ?? '';
    expect(final).toContain('COPY --from=build /app/apps/state-server/dist ./apps/state-server/dist');
    expect(final).toContain('CMD ["node", "--enable-source-maps", "dist/main.js"]');
    expect(final).not.toMatch(/tsx|src\/main\.ts/);
    // The runtime layer installs the state server's production dependencies only.
    const deps = stages.find((stage) => /^FROM \S+ AS deps$/m.test(stage)) ?? '';
    expect(deps).toMatch(/npm ci --omit=dev .*--workspace=@campus\/state-server/);
    const manifest = JSON.parse(read('apps/state-server/package.json')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(manifest.scripts.start).toBe('node --enable-source-maps dist/main.js');
  });

  it('documents in .env.example every variable compose, Caddy and the server read, and no others', () => {
    const used = new Set([
      ...composeVariables.map((v) => v.name),
      ...caddyVariables.keys(),
      ...CONFIG_VARIABLES,
      ...Object.keys(service('state').environment ?? {}),
    ]);
    for (const name of used) expect(envExample.has(name), `${name} in .env.example`).toBe(true);
    for (const name of envExample.keys()) expect(used.has(name), `${name} is read by something`).toBe(true);
    // What compose cannot start without is there to fill in, not commented out.
    for (const { name } of composeVariables.filter((v) => v.required)) {
      expect(envExample.get(name)?.optional, `${name} is required`).toBe(false);
    }
  });

  it('passes the state server only variables it reads, pointing at services that exist', () => {
    const env = service('state').environment ?? {};
    for (const name of Object.keys(env)) {
      expect([...CONFIG_VARIABLES, 'REDIS_URL'], `state reads ${name}`).toContain(name);
    }
    expect(new URL(env.REDIS_URL ?? '').hostname).toBe('redis');
    const livekitApi = new URL(env.LIVEKIT_API_URL ?? '');
    expect(service(livekitApi.hostname).expose).toContain(livekitApi.port);
  });

  it("points Caddy at the state nodes compose runs, on the state server's port", () => {
    const state = service(caddyDefault('STATE_HOST'));
    const statePort = caddyDefault('STATE_PORT');
    expect(state.environment?.PORT).toBe(statePort);
    expect(state.expose).toContain(statePort);
    expect(caddyDefault('STATE_DISCOVERY')).toBe('dns');
    expect(caddyfile).toContain('(state-nodes-dns)');
    expect(caddyfile).toContain('(state-nodes-list)');
    const [livekitHost, livekitPort] = caddyDefault('LIVEKIT_UPSTREAM').split(':');
    expect(service(livekitHost ?? '').expose).toContain(livekitPort);
    // The published ports are the ones Caddy serves.
    expect(caddyDefault('SITE_ADDRESS')).toBe(':80');
    expect(service('caddy').environment?.SITE_ADDRESS).toBe('${SITE_ADDRESS:-:80}');
    expect(published(service('caddy'))).toEqual(expect.arrayContaining(['80', '443', '443/udp']));
  });

  it("proxies to the state nodes exactly the paths the state server serves, and LiveKit's signalling to LiveKit", () => {
    const server = read('apps/state-server/src/createStateServer.ts');
    expect(server).toContain("app.get('/healthz'");
    expect(server).toContain("app.post('/livekit/webhook'");
    expect(read('apps/state-server/src/mapFiles.ts')).toContain("app.use('/world'");
    expect(read('apps/state-server/src/mediaLibrary.ts')).toContain("app.use('/media'");
    expect(caddyPaths('state').sort()).toEqual(
      ['/socket.io/*', '/world/*', '/media', '/media/*', '/livekit/webhook', '/healthz'].sort(),
    );
    // Everybody's PeerJS signaling goes to one node (by a constant header), not to the node of their cookie.
    expect(caddyPaths('signalling')).toEqual([PEER_PATH, `${PEER_PATH}/*`]);
    expect(caddyfile).toContain('lb_policy header X-Campus-Signaling');
    // Metrics and readiness stay on the private network.
    expect(caddyPaths('state')).not.toContain('/metrics');
    expect(caddyPaths('livekit')).toEqual(['/rtc', '/rtc/*']);
  });

  it('configures LiveKit from the file in the repo, with keys and the webhook key from the environment', () => {
    const livekit = service('livekit');
    const mount = livekit.volumes?.find((v) => v.startsWith('./livekit/livekit.yaml:'));
    expect(mount).toBeDefined();
    expect(livekit.command).toEqual(['--config', mount?.split(':')[1]]);
    const config = yaml.load(read('livekit/livekit.yaml')) as {
      port: number;
      keys?: unknown;
      rtc: { udp_port: number; tcp_port: number };
      webhook: { urls: string[]; api_key?: string };
    };
    expect(config.keys, 'no keys in the repo').toBeUndefined();
    expect(config.webhook.api_key, 'no key names in the repo').toBeUndefined();
    expect(livekit.environment?.LIVEKIT_KEYS).toMatch(
      /^\$\{LIVEKIT_API_KEY\b[^}]*\}: \$\{LIVEKIT_API_SECRET\b[^}]*\}$/,
    );
    expect(livekit.environment?.LIVEKIT_WEBHOOK_API_KEY).toMatch(/^\$\{LIVEKIT_API_KEY\b/);
    expect(livekit.expose).toContain(String(config.port));
    expect(published(livekit)).toEqual(
      expect.arrayContaining([String(config.rtc.tcp_port), `${config.rtc.udp_port}/udp`]),
    );
    for (const url of config.webhook.urls.map((u) => new URL(u))) {
      expect(url.pathname).toBe('/livekit/webhook');
      expect(service(url.hostname).expose).toContain(url.port);
    }
  });

  it("runs coturn with the state server's shared secret, on the port the TURN URLs name", () => {
    const coturn = service('coturn');
    const command = coturn.command ?? [];
    expect(command).toContain('--use-auth-secret');
    expect(command.find((a) => a.startsWith('--static-auth-secret='))).toMatch(
      /^--static-auth-secret=\$\{TURN_SECRET\b/,
    );
    expect(service('state').environment?.TURN_SECRET).toMatch(/^\$\{TURN_SECRET\b/);
    const listening = command.find((a) => a.startsWith('--listening-port='))?.split('=')[1];
    for (const name of ['TURN_URLS', 'STUN_URLS']) {
      for (const url of (envExample.get(name)?.value ?? '').split(',')) {
        expect(/:(\d+)(\?|$)/.exec(url)?.[1], `${name}: ${url}`).toBe(listening);
      }
    }
    expect(coturn.network_mode).toBe('host');
  });

  it("mounts ./media read-only where the state server's MEDIA_DIR points", () => {
    const state = service('state');
    const mediaDir = state.environment?.MEDIA_DIR;
    expect(mediaDir).toMatch(/^\//);
    expect(state.volumes).toContain(`./media:${mediaDir}:ro`);
  });

  it('declares every named volume it mounts', () => {
    for (const s of Object.values(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source.startsWith('.') || source.startsWith('/')) {
          expect(existsSync(`${root}${source}`), source).toBe(true);
        } else {
          expect(Object.keys(compose.volumes ?? {})).toContain(source);
        }
      }
    }
  });

  it('gives docs/self-hosting.md only commands that these files support', () => {
    const doc = read('docs/self-hosting.md');
    const commands = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
      (m[1] ?? '').trim().split('\n'),
    );
    expect(commands.length).toBeGreaterThan(5);
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: object }).scripts);
    for (const command of commands) {
      const words = command.split(/\s+/);
      for (const scaled of command.matchAll(/--scale (\w+)=/g))
        expect(services).toHaveProperty(scaled[1] ?? '');
      if (words[0] === 'docker' && words[1] === 'compose') {
        const verb = words.find((w, i) => i > 1 && !w.startsWith('-'));
        if (verb === 'logs' || verb === 'exec')
          expect(services).toHaveProperty(words.at(verb === 'logs' ? -1 : 3) ?? '');
      }
      const run = /npm run (\S+)/.exec(command)?.[1];
      if (run) expect(scripts).toContain(run);
      // Files the commands name are in the repo (`cp .env.example .env` needs the first, makes the second).
      for (const path of words.filter((w) => /^(\.env\.example|[\w-]+\/[\w./-]+)$/.test(w))) {
        expect(existsSync(`${root}${path}`), `${command}: ${path}`).toBe(true);
      }
    }
    for (const link of doc.matchAll(/\]\(\.\.\/([^)#]+)\)/g))
      expect(existsSync(`${root}${link[1]}`), link[1]).toBe(true);
  });
});
