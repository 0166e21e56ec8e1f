import { fileURLToPath } from 'node:url';

/** The state server's package folder, with a trailing slash. */
export const SERVER_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Where `npm run build` puts the compiled server, and what `npm start` and the image run. */
export const COMPILED_SERVER = `${SERVER_DIR}dist/main.js`;
