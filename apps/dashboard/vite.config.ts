import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const diffView = /node_modules[\\/](@git-diff-view|highlight\.js|lowlight|fast-diff|reactivity-store|@vue)[\\/]/;

// Libraries change less often than the app: separate chunks stay cached across releases.
const chunkGroups = [
  { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
  { name: "dagre", test: /node_modules[\\/]@dagrejs[\\/]/ },
  // Not the diff view and its highlighter: they load with the first diff someone opens.
  { name: "vendor", test: (id: string) => /node_modules/.test(id) && !diffView.test(id) },
];

// The API runs on its own port in development; the proxy keeps the dashboard same-origin,
// which is what the server's Host/Origin checks expect. MAESTRO_API_URL points it elsewhere.
const apiUrl = process.env.MAESTRO_API_URL ?? "http://127.0.0.1:4700";

export default defineConfig({
  plugins: [react()],
  server: {
    // changeOrigin: the API checks Host against its own port; Origin stays the dev server's
    // (allow it with MAESTRO_ALLOWED_ORIGINS=http://127.0.0.1:5173,http://localhost:5173).
    // /auth sets the session cookie: same-origin through the proxy, so the browser keeps it.
    proxy: {
      "/trpc": { target: apiUrl, ws: true, changeOrigin: true },
      "/auth": { target: apiUrl, changeOrigin: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { output: { codeSplitting: { groups: chunkGroups } } },
  },
});
