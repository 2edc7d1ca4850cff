import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// In development the RetroBoard server runs separately; the dev server forwards
// the API and the Socket.IO endpoint (including its WebSocket upgrade) to it.
const backend = process.env.RETROBOARD_BACKEND ?? 'http://127.0.0.1:5000'

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
  },
})
