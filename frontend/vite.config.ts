import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The Go server embeds dist/ (frontend/embed.go). A committed dist/.gitkeep keeps
// `go build` working on a clean clone; Vite empties dist/ on every build, so put it back.
function keepGitkeep(): Plugin {
  return {
    name: 'switchboard-keep-gitkeep',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.gitkeep', source: '' });
    },
  };
}

const api = { target: 'http://127.0.0.1:8080', changeOrigin: false };
const proxy = {
  '/graphql': { ...api, ws: true },
  '/healthz': api,
  '/readyz': api,
  '/sim': api, // the phone simulator's API, in `switchboard dev`
};

export default defineConfig({
  // Absolute asset URLs: the server serves index.html for any console path
  // (e.g. /settings/members) and playground.html at /playground.
  base: '/',
  plugins: [react(), keepGitkeep()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL (CodeMirror 5, Radix) makes the playground chunk large; it is loaded only there.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: { console: 'index.html', playground: 'playground.html' },
    },
  },
  server: { proxy },
  preview: { proxy },
});
