import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "@commander-js/extra-typings";
import type { RunningServer } from "@dualtrack/server";
import { z } from "zod";
import { CliError, type Io } from "../io.js";

/** The repository root: three folders above this module (`apps/cli/{src,dist}/commands`). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

const flagsSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  host: z.string().min(1).max(255).default("127.0.0.1"),
  db: z.string().min(1).optional(),
  workers: z.coerce.number().int().min(0).max(256).optional(),
  quiet: z.boolean().optional(),
});
export type ServeFlags = z.output<typeof flagsSchema>;

/** Validates the serve flags; each problem names its flag (exit 2). */
export function parseServeFlags(options: unknown): ServeFlags {
  const result = flagsSchema.safeParse(options);
  if (result.success) return result.data;
  throw new CliError(result.error.issues.map((i) => `--${String(i.path[0] ?? "")}: ${i.message}`).join("\n"));
}

/** Runs a build step, failing (exit 1) with its output when it fails. */
function step(io: Io, what: string, command: string, args: readonly string[], cwd: string): void {
  io.err(`dualtrack: ${what}…\n`);
  const result = spawnSync(command, [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new CliError(`${what} failed:\n${`${result.stdout ?? ""}${result.stderr ?? ""}`.trim()}`, 1);
}

/**
 * What `npm start` needs that a fresh clone may lack: the TypeScript build (`tsc -b`, normally done by
 * `npm ci` through `prepare`) and the dashboard (`apps/web/dist`, a Vite build). A dashboard that fails
 * to build is reported and the server falls back to its status page; a failed `tsc -b` stops.
 */
export function buildIfNeeded(io: Io, root = ROOT): void {
  if (!existsSync(resolve(root, "apps/server/dist/index.js")))
    step(
      io,
      "building (tsc -b)",
      process.execPath,
      [resolve(root, "node_modules/typescript/bin/tsc"), "-b"],
      root,
    );
  const web = resolve(root, "apps/web");
  const vite = resolve(root, "node_modules/vite/bin/vite.js");
  if (
    !existsSync(resolve(web, "dist/index.html")) &&
    existsSync(resolve(web, "scripts/export-catalog.mjs")) &&
    existsSync(vite)
  ) {
    try {
      step(
        io,
        "exporting the catalog for the dashboard",
        process.execPath,
        ["scripts/export-catalog.mjs"],
        web,
      );
      step(io, "building the dashboard (vite build)", process.execPath, [vite, "build"], web);
    } catch (error) {
      io.err(`dualtrack: the dashboard was not built; serving the status page instead.\n${String(error)}\n`);
    }
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * Starts the server (migrating the store first), prints its URL on stdout, and serves until SIGINT or
 * SIGTERM; then stops cleanly: runs in progress are recorded failed as interrupted. The server package
 * is imported here, not at the top, so that other commands (and `--help`) do not load it.
 */
export async function serve(io: Io, flags: ServeFlags, dataDir: string | undefined): Promise<void> {
  const { startServer, jsonLogger, silentLogger } = await import("@dualtrack/server");
  let server: RunningServer;
  try {
    server = await startServer({
      port: flags.port,
      host: flags.host,
      db: flags.db,
      dataDir,
      workers: flags.workers,
      logger: flags.quiet === true ? silentLogger : jsonLogger((line) => io.err(line)),
    });
  } catch (error) {
    const code = error !== null && typeof error === "object" && "code" in error ? String(error.code) : "";
    if (code === "EADDRINUSE")
      throw new CliError(`--port: ${flags.port} is in use; pick another with --port`, 2);
    throw new CliError(
      `cannot start the server: ${error instanceof Error ? error.message : String(error)}`,
      1,
    );
  }
  io.out(`dualtrack is running at ${server.url}\n`);
  const signal = await stopSignal();
  io.err(`dualtrack: ${signal}: stopping…\n`);
  await server.close();
}

/** Adds the serve flags to a command. */
function withServeFlags<T extends Command>(command: T): T {
  command
    .option("--port <n>", "TCP port (0: any free port)", "8080")
    .option("--host <addr>", "interface to listen on", "127.0.0.1")
    .option(
      "--db <file|url>",
      "SQLite file or postgres:// URL (default: $DUALTRACK_DB or ./.dualtrack/dualtrack.db)",
    )
    .option("--workers <n>", "simulation worker threads (default: CPUs − 1, at most 8)")
    .option("--quiet", "no request log on stderr");
  return command;
}

/** Registers `serve`: the HTTP API and dashboard on an existing build. */
export function registerServeCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  withServeFlags(
    program
      .command("serve")
      .description("serve the HTTP API (and the dashboard when built) on http://127.0.0.1:8080"),
  ).action(async (options) => {
    await serve(io, parseServeFlags(options), dataDir());
  });
}

/** Registers the flags of `start` on the given command: build if needed, then {@link serve}. */
export function startAction(command: Command, io: Io, dataDir: () => string | undefined): void {
  withServeFlags(command).action(async (options) => {
    const flags = parseServeFlags(options);
    buildIfNeeded(io);
    await serve(io, flags, dataDir());
  });
}
