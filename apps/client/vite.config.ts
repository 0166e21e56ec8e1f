import { defineConfig } from 'vite';
import { precompress } from './build/precompress';

const server = process.env.CAMPUS_SERVER ?? 'http://127.0.0.1:3000';

/** `npm run dev`: Vite serves the client with hot reload and forwards the server's paths to the state server. */
export default defineConfig({
  base: './',
  plugins: [precompress()],
  build: { outDir: 'dist', chunkSizeWarningLimit: 2000, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/socket.io': { target: server, ws: true },
      '/peerjs': { target: server, ws: true },
      '/world': { target: server },
      '/media': { target: server },
    },
  },
});
