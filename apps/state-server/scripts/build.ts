import { relative } from 'node:path';
import { bundleServer, externalPackages, runtimeDependencies } from './bundleServer';
import { COMPILED_SERVER } from './compiledServer';

// `npm run build`: the compiled server in dist/, refused if it would need a package the image does not install.
const metafile = await bundleServer();
const missing = externalPackages(metafile).filter((name) => !runtimeDependencies().includes(name));
if (missing.length > 0) {
  console.error(`the server imports ${missing.join(', ')}: add them to its dependencies`);
  process.exit(1);
}
console.log(`built ${relative(process.cwd(), COMPILED_SERVER)}`);
