import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = resolve(here, "../apps/web");

/** Builds the web app (catalog export + vite build) once per run, unless E2E_SKIP_BUILD=1 and dist exists. */
export default function setup(): void {
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(resolve(webDir, "dist/index.html"))) return;
  const started = performance.now();
  execFileSync(process.execPath, ["scripts/export-catalog.mjs"], { cwd: webDir, stdio: "inherit" });
  execFileSync(process.execPath, [resolve(here, "../node_modules/vite/bin/vite.js"), "build"], {
    cwd: webDir,
    stdio: "inherit",
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: "production" },
  });
  console.log(`e2e: built apps/web in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
