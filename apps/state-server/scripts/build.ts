import { relative } from 'node:path';
import { bundleServer, externalPackages, runtimeDependencies } from './bundleServer';
import { COMPILED_SERVER, COMPILED_TEACHER_LINK } from './compiledServer';

// `npm run build`: the compiled server in dist/ (and the admin's teacher-link command beside it), refused if it would
// need a package the image does not install.
const metafiles = [await bundleServer(), await bundleServer(COMPILED_TEACHER_LINK, 'src/teacherLink.ts')];
const missing = [...new Set(metafiles.flatMap(externalPackages))].filter(
  (name) => !runtimeDependencies().includes(name),
);
if (missing.length > 0) {
  console.error(`the server imports ${missing.join(', ')}: add them to its dependencies`);
  process.exit(1);
}
console.log(`built ${relative(process.cwd(), COMPILED_SERVER)}`);
