import type { Command } from "@commander-js/extra-typings";
import type { OutputSummary, SimSummary } from "@dualtrack/core";
import { createSimulationPool, type ProgressReporter, silentProgress, ttyProgress } from "@dualtrack/runner";
import type { Io } from "../io.js";
import { checkOutputFile, writeOutputFile } from "../outputFile.js";
import { type Column, renderCsv, renderTable } from "../render/table.js";
import { printJson } from "./output.js";
import { servingRatesFor } from "./servingRates.js";
import { defaultWorkers, parseFlags, requireScenario, runFlagsSchema } from "./simulateOptions.js";

/** Outputs shown in the text table (all of them are in --json and --csv). */
const HEADLINE = [
  "installedH100e.total",
  "installedH100e.domestic",
  "domesticShare",
  "selfSufficiency",
  "purchasesH100e.total",
  "unmetDemandH100e",
  "vendorRevenueUsd.nvidia",
  "vendorUnits.huawei",
  "usReceiptsUsd",
  "servingTokensPerSec.glm-5",
  "servingTokensPerSec.qwen3.5-397b-a17b",
  "servingTokensPerSec.deepseek-v3.2",
];

interface Row {
  readonly output: string;
  readonly unit: string;
  readonly quarter: string;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

function rowsOf(r: SimSummary, outputs: readonly OutputSummary[], quarters: (q: string) => boolean): Row[] {
  const rows: Row[] = [];
  for (const o of outputs)
    r.quarters.forEach((quarter, q) => {
      if (!quarters(quarter)) return;
      rows.push({
        output: o.name,
        unit: o.unit,
        quarter,
        p5: o.p5[q] ?? Number.NaN,
        p25: o.p25[q] ?? Number.NaN,
        p50: o.p50[q] ?? Number.NaN,
        p75: o.p75[q] ?? Number.NaN,
        p95: o.p95[q] ?? Number.NaN,
      });
    });
  return rows;
}

const short = (v: number) => {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  return Number(v.toPrecision(3)).toString();
};

/** Progress on stderr when it is a terminal; nothing otherwise (pipes and files stay clean). */
function progressFor(io: Io): ProgressReporter {
  return process.stderr.isTTY === true ? ttyProgress({ write: (t) => io.err(t) }) : silentProgress;
}

export function registerSimulateCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("simulate")
    .description("Monte Carlo of the dual-track market, quarterly: P5/P25/P50/P75/P95 per output")
    .argument("<scenario>", "scenario file (YAML), e.g. examples/scenarios/baseline.yaml")
    .option("--runs <n>", "replications (default 1000)")
    .option("--seed <s>", "base seed (default 1); same seed ⇒ same bytes out at any --workers")
    .option("--workers <w>", "worker threads (0 = in-process; default: 0 below 500 runs, else up to 4)")
    .option("--json", "print the summary as one JSON document")
    .option("--csv <file>", "write every output × quarter with its quantiles to a CSV file")
    .action(async (file, options) => {
      const flags = parseFlags(runFlagsSchema, options);
      if (options.csv !== undefined) await checkOutputFile("--csv", options.csv);
      const scenario = await requireScenario(file);
      const { rates, gaps } = await servingRatesFor(scenario, dataDir());
      const runs = flags.runs ?? 1000;
      const seed = flags.seed ?? 1;
      const pool = createSimulationPool(flags.workers ?? defaultWorkers(runs));
      const progress = progressFor(io);
      let summary: SimSummary;
      try {
        summary = await pool.simulate(scenario, {
          runs,
          seed,
          servingRates: rates,
          onProgress: (d, t) => progress.update(d, t),
        });
      } finally {
        progress.finish();
        await pool.destroy();
      }
      // --csv writes a file and --json prints to stdout: both may be asked for at once
      if (options.csv !== undefined) {
        const columns: Column<Row>[] = [
          { header: "output", cell: (r) => r.output },
          { header: "unit", cell: (r) => r.unit },
          { header: "quarter", cell: (r) => r.quarter },
          ...(["p5", "p25", "p50", "p75", "p95"] as const).map((k) => ({
            header: k,
            cell: (r: Row) => r[k],
          })),
        ];
        await writeOutputFile(
          "--csv",
          options.csv,
          renderCsv(
            rowsOf(summary, summary.outputs, () => true),
            columns,
          ),
        );
        io.err(
          `wrote ${summary.outputs.length} outputs × ${summary.quarters.length} quarters to ${options.csv}\n`,
        );
      }
      if (options.json === true)
        return printJson(
          io,
          scenario.serving === undefined ? summary : { ...summary, servingRates: rates, servingGaps: gaps },
        );
      if (options.csv !== undefined) return;
      const headline = summary.outputs.filter((o) => HEADLINE.includes(o.name));
      const rows = rowsOf(summary, headline, (q) => q.endsWith("Q4"));
      const columns: Column<Row>[] = [
        { header: "output", cell: (r) => r.output },
        { header: "quarter", cell: (r) => r.quarter },
        { header: "P5", cell: (r) => short(r.p5), numeric: true },
        { header: "P50", cell: (r) => short(r.p50), numeric: true },
        { header: "P95", cell: (r) => short(r.p95), numeric: true },
        { header: "unit", cell: (r) => r.unit },
      ];
      io.out(
        `${scenario.name}: ${summary.runs} runs, seed ${seed}; Q4 of each year (all outputs: --json/--csv)\n\n`,
      );
      io.out(renderTable(rows, columns));
      const binding = summary.quarters
        .map((q, i) => [q, summary.bindingMode[i]] as const)
        .filter(([q]) => q.endsWith("Q4"))
        .map(([q, b]) => `${q.slice(0, 4)} ${b}`)
        .join(", ");
      io.out(`\nbinding link of domestic output (most frequent): ${binding}\n`);
      if (gaps.length > 0)
        io.out(
          `serving capacity counts 0 for: ${gaps.map((g) => `${g.model} on ${g.product} (${g.chip}: ${g.reason})`).join("; ")}\n`,
        );
    });
}
