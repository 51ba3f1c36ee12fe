import { defineConfig } from "vitest/config";

/** Browser tests: build the web app once, then drive Debian's Chromium through playwright-core. */
export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    root: import.meta.dirname,
    include: ["*.e2e.test.ts"],
    globalSetup: ["./globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
