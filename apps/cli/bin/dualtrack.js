#!/usr/bin/env node
// Launcher: runs the built CLI. `npm ci` builds it through the root `prepare` script.
import { main } from "../dist/main.js";

// A reader that stops early (`dualtrack chips --json | head`) closes the pipe: end quietly, as Unix tools
// do, instead of an unhandled EPIPE stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
