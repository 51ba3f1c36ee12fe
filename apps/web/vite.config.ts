import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The dashboard builds to `dist/` with relative asset paths, so the same build works served by
 * apps/server at `/` and from any static folder. `@dualtrack/core` is read from its TypeScript sources
 * (the "source" export condition), so the browser runs exactly the code the CLI runs.
 */
export default defineConfig({
  base: "./",
  plugins: [react()],
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  build: { outDir: "dist", emptyOutDir: true, reportCompressedSize: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
