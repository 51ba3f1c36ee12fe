import type { Command } from "@commander-js/extra-typings";
import { type TornadoBar, tornado } from "@dualtrack/core";
import { z } from "zod";
import { CliError, type Io } from "../io.js";
import { type Column, renderTable } from "../render/table.js";
import { printJson } from "./output.js";
import { servingRatesFor } from "./servingRates.js";
import { parseFlags, requireScenario, runFlagsSchema } from "./simulateOptions.js";

const flagsSchema = runFlagsSchema.extend({
  output: z.string({ error: "--output is required (an output name, e.g. installedH100e.domestic)" }),
  period: z.string().regex(/^\d{4}(Q[1-4])?$/, "--period must be a year (2027) or a quarter (2027Q4)"),
  top: z.coerce.number().int().min(1, "--top must be at least 1").max(200).optional(),
});

export function registerSensitivityCommand(
  program: Command,
  io: Io,
  dataDir: () => string | undefined,
): void {
  program
    .command("sensitivity")
    .description("one-at-a-time tornado: which parameters move an output most")
    .argument("<scenario>", "scenario file (YAML)")
    .requiredOption("--output <name>", "output, e.g. installedH100e.domestic or units.h200")
    .requiredOption("--period <p>", "a year (sums flows, reads stocks at its end) or a quarter")
    .option("--top <n>", "bars to show (default 10)")
    .option("--runs <n>", "replications averaged per point (default 16)")
    .option("--seed <s>", "base seed (default 1)")
    .option("--json", "print JSON")
    .action(async (file, options) => {
      const flags = parseFlags(flagsSchema, options);
      const scenario = await requireScenario(file);
      const { rates } = await servingRatesFor(scenario, dataDir());
      let result: ReturnType<typeof tornado>;
      try {
        result = tornado(scenario, {
          output: flags.output,
          period: flags.period,
          servingRates: rates,
          ...(flags.top === undefined ? {} : { top: flags.top }),
          ...(flags.runs === undefined ? {} : { runs: flags.runs }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      if (options.json === true) return printJson(io, result);
      const fmt = (v: number) => Number(v.toPrecision(4)).toLocaleString("en-US");
      const columns: Column<TornadoBar>[] = [
        { header: "parameter", cell: (b) => b.param },
        { header: "low", cell: (b) => fmt(b.low), numeric: true },
        { header: "high", cell: (b) => fmt(b.high), numeric: true },
        { header: "output at low", cell: (b) => fmt(b.outputLow), numeric: true },
        { header: "output at high", cell: (b) => fmt(b.outputHigh), numeric: true },
        { header: "swing", cell: (b) => fmt(b.swing), numeric: true },
      ];
      io.out(
        `${result.output} in ${result.period}: base ${fmt(result.base)}\n\n${renderTable(result.bars, columns)}`,
      );
    });
}
