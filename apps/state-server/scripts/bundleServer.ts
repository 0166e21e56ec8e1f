import { readFileSync } from 'node:fs';
import { build, type Metafile, type Plugin } from 'esbuild';
import { COMPILED_SERVER, SERVER_DIR } from './compiledServer';

/** The state server's runtime dependencies, from its package.json. */
export function runtimeDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(`${SERVER_DIR}package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {});
}

/**
 * Leaves every package import for Node to load from node_modules at run time, except the workspace's own
 * (`@campus/*`), whose packages point at TypeScript sources: those are compiled into the bundle.
 */
const workspaceInside: Plugin = {
  name: 'workspace-inside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@campus/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Compiles the state server (src/main.ts) and the workspace packages it uses into one ES module for Node 20, with a
 * source map beside it, so production runs plain JavaScript (`node --enable-source-maps dist/main.js`) and stack
 * traces still name the TypeScript. Type checking is `npm run typecheck`'s job; this only transpiles. The output stays
 * at the same depth as src/ (dist/), so paths the server finds relative to itself (the default map) hold.
 */
export async function bundleServer(outfile = COMPILED_SERVER, entry = 'src/main.ts'): Promise<Metafile> {
  const result = await build({
    entryPoints: [`${SERVER_DIR}${entry}`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    plugins: [workspaceInside],
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

/** The package imports a bundle leaves to Node, by package name (`pino`, not `pino/file`; `node:` built-ins apart). */
export function externalPackages(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:')) continue;
      const parts = path.split('/');
      names.add(path.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? path));
    }
  }
  return [...names].sort();
}
