import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import {
  chipSchema,
  chipsFileSchema,
  formatIssue,
  modelSchema,
  modelsFileSchema,
  sourcesFileSchema,
} from "@dualtrack/core";
import { loadCatalog } from "@dualtrack/runner";
import { z } from "zod";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import { printJson } from "./output.js";

/** The JSON Schemas published in `schemas/`: the YAML input files and the JSON output shapes. */
export function jsonSchemas(): Record<string, unknown> {
  const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  const output = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  return {
    "sources.schema.json": input(sourcesFileSchema),
    "chips.schema.json": input(chipsFileSchema),
    "models.schema.json": input(modelsFileSchema),
    "chip.output.schema.json": output(chipSchema),
    "model.output.schema.json": output(modelSchema),
  };
}

function countBy<T>(rows: readonly T[], key: (row: T) => string): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

/** Registers `validate`, `schemas` and `start`. */
export function registerDataCommands(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("validate")
    .description("validate data/: schemas, source ids, units, parameter counts")
    .option("--json", "print the issues as JSON")
    .action(async (options) => {
      const dir = dataDir();
      const { catalog, issues } = await (dir === undefined ? loadCatalog() : loadCatalog(dir));
      const summary = {
        valid: issues.length === 0,
        sources: catalog.sources.length,
        chips: catalog.chips.length,
        models: catalog.models.length,
        issues,
      };
      if (options.json === true) printJson(io, summary);
      else if (issues.length === 0)
        io.out(
          `data/ is valid: ${summary.sources} sources, ${summary.chips} chips, ${summary.models} models\n`,
        );
      else io.err(`${issues.map(formatIssue).join("\n")}\n${issues.length} issues\n`);
      if (issues.length > 0) throw new CliError("", 1);
    });

  program
    .command("schemas")
    .description("write (or --check) the JSON Schemas generated from the zod schemas")
    .option("--out <dir>", "folder to write into", "schemas")
    .option("--check", "fail if the files on disk differ from the generated ones")
    .action(async (options) => {
      await mkdir(options.out, { recursive: true });
      const stale: string[] = [];
      for (const [name, schema] of Object.entries(jsonSchemas())) {
        const path = join(options.out, name);
        const text = `${JSON.stringify(schema, null, 2)}\n`;
        if (options.check === true) {
          const onDisk = await readFile(path, "utf8").catch(() => "");
          if (onDisk !== text) stale.push(path);
        } else {
          await writeFile(path, text);
        }
      }
      if (stale.length > 0)
        throw new CliError(`out of date: ${stale.join(", ")}; run \`npm run schemas\``, 1);
      io.out(
        options.check === true
          ? "schemas are up to date\n"
          : `wrote ${Object.keys(jsonSchemas()).length} schemas to ${options.out}/\n`,
      );
    });

  program
    .command("start")
    .description("the main job: for now, a summary of the catalog (the server replaces it)")
    .action(async () => {
      const { chips, models, sources } = await requireCatalog(dataDir());
      io.out(
        [
          "dualtrack — the dual-track AI-compute system, with every number sourced",
          "",
          `catalog: ${chips.length} accelerators, ${models.length} models, ${sources.length} sources`,
          `  chips by designer country: ${countBy(chips, (c) => c.country)}`,
          `  chips by vendor: ${countBy(chips, (c) => c.vendor)}`,
          `  chips by status: ${countBy(chips, (c) => c.status)}`,
          `  models by developer: ${countBy(models, (m) => m.developer)}`,
          "",
          "try:",
          "  npx dualtrack chips --country CN --sort -bf16",
          "  npx dualtrack chip h20",
          "  npx dualtrack models --sort -totalB",
          "  npx dualtrack model deepseek-v3 --json",
          "",
        ].join("\n"),
      );
    });
}
