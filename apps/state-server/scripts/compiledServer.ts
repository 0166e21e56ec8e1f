import { fileURLToPath } from 'node:url';

/** The state server's package folder, with a trailing slash. */
export const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Where `npm run build` puts the compiled server, and what `npm start` and the image run. */
export const COMPILED_SERVER = `${SERVER_DIR}dist/main.js`;

/** The admin's command that makes and revokes teacher links (`npm run teacher-link`), compiled beside the server. */
export const COMPILED_TEACHER_LINK = `${SERVER_DIR}dist/teacher-link.js`;
