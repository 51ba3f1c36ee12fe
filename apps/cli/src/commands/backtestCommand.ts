import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import { type BacktestResult, backtest, backtestFileSchema, compileScenario } from "@dualtrack/core";
import { defaultDataDir } from "@dualtrack/runner";
import { parse } from "yaml";
import { CliError, type Io } from "../io.js";
import { type Column, renderTable } from "../render/table.js";
import { printJson } from "./output.js";
import { parseFlags, requireScenario, runFlagsSchema } from "./simulateOptions.js";

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)}%`;
const short = (v: number) =>
  Math.abs(v) >= 1e9
    ? `${(v / 1e9).toFixed(2)}B`
    : Math.abs(v) >= 1e6
      ? `${(v / 1e6).toFixed(2)}M`
      : `${(v / 1e3).toFixed(0)}k`;

export function registerBacktestCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("backtest")
    .description("replay 2023Q1–2025Q4 with the historical policy timeline and compare with reported figures")
    .option("--runs <n>", "replications (default: the file's runs)")
    .option("--seed <s>", "base seed (default 1)")
    .option("--json", "print rows { metric, period, reported, simulated, error, source, … } as JSON")
    .action(async (options) => {
      const flags = parseFlags(runFlagsSchema, options);
      const dir = dataDir() ?? defaultDataDir();
      const file = join(dir, "market", "backtest.yaml");
      let raw: unknown;
      try {
        raw = parse(await readFile(file, "utf8"));
      } catch (error) {
        throw new CliError(
          `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
          1,
        );
      }
      const r = backtestFileSchema.safeParse(raw);
      if (!r.success)
        throw new CliError(
          `${file} is invalid:\n${r.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`).join("\n")}`,
          1,
        );
      const spec = r.data;
      const scenario = await requireScenario(
        join(dirname(dir), "examples", "scenarios", `${spec.scenario}.yaml`),
      );
      let rows: BacktestResult[];
      try {
        rows = backtest(
          compileScenario({ ...scenario, end: spec.end }),
          spec,
          flags.runs ?? spec.runs,
          flags.seed ?? 1,
        );
      } catch (error) {
        throw new CliError(`${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
      }
      if (options.json === true) return printJson(io, rows);
      const columns: Column<BacktestResult>[] = [
        { header: "metric", cell: (x) => x.metric },
        { header: "period", cell: (x) => x.period },
        { header: "reported", cell: (x) => short(x.reported), numeric: true },
        { header: "simulated", cell: (x) => short(x.simulated), numeric: true },
        { header: "P5–P95", cell: (x) => `${short(x.p5)}–${short(x.p95)}`, numeric: true },
        { header: "error", cell: (x) => pct(x.error), numeric: true },
        { header: "ok", cell: (x) => (x.withinTolerance ? "yes" : "NO") },
        { header: "source", cell: (x) => x.source },
      ];
      io.out(renderTable(rows, columns));
      const within = rows.filter((x) => x.withinTolerance).length;
      io.out(`\n${within}/${rows.length} within ±${(spec.tolerance * 100).toFixed(0)}%\n`);
      for (const x of rows)
        if (!x.withinTolerance)
          io.out(`- ${x.metric} ${x.period}: ${x.explanation ?? "no explanation recorded (model gap)"}\n`);
    });
}
