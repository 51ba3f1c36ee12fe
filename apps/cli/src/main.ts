import { Command, CommanderError } from "@commander-js/extra-typings";
import { registerBacktestCommand } from "./commands/backtestCommand.js";
import { registerCatalogCommands } from "./commands/catalogCommands.js";
import { registerClaimsCommand } from "./commands/claimsCommand.js";
import { registerClassifyCommand } from "./commands/classifyCommand.js";
import { registerDataCommands } from "./commands/dataCommands.js";
import { registerPerfCommand } from "./commands/perfCommand.js";
import { registerPlanCommand } from "./commands/planCommand.js";
import { registerPolicyCommand } from "./commands/policyCommand.js";
import { registerSensitivityCommand } from "./commands/sensitivityCommand.js";
import { registerServeCommand } from "./commands/serveCommand.js";
import { registerSimulateCommand } from "./commands/simulateCommand.js";
import { registerTrainCommand } from "./commands/trainCommand.js";
import { CliError, type Io, processIo } from "./io.js";

export const VERSION = "0.1.0";

/** Builds the `dualtrack` command tree writing to `io`. */
export function buildProgram(io: Io): Command {
  const program = new Command()
    .name("dualtrack")
    .description(
      "Accelerators, export controls, performance, procurement and supply of the dual-track AI-compute system.",
    )
    .version(VERSION)
    .option("--data <dir>", "data folder (default: the repository's data/, or $DUALTRACK_DATA)")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  const dataDir = () => program.opts().data;
  registerCatalogCommands(program, io, dataDir);
  registerDataCommands(program, io, dataDir);
  registerClaimsCommand(program, io, dataDir);
  registerPerfCommand(program, io, dataDir);
  registerTrainCommand(program, io, dataDir);
  registerPlanCommand(program, io, dataDir);
  registerClassifyCommand(program, io, dataDir);
  registerPolicyCommand(program, io, dataDir);
  registerSimulateCommand(program, io, dataDir);
  registerBacktestCommand(program, io, dataDir);
  registerSensitivityCommand(program, io, dataDir);
  registerServeCommand(program, io, dataDir);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/**
 * Runs the CLI on `argv` (node, script, args…) and returns the exit code: 0 on success, 2 for bad input
 * (unknown id, bad flag), 1 for invalid data or a runtime failure. Results go to stdout, messages to stderr.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      if (error.message !== "") io.err(`dualtrack: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`dualtrack: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
