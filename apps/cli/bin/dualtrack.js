#!/usr/bin/env node
// Launcher: runs the built CLI. `npm ci` builds it through the root `prepare` script.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv);
