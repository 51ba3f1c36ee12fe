import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import {
  buildCatalog,
  buildClaims,
  buildPolicies,
  chipSchema,
  chipsFileSchema,
  formatIssue,
  modelSchema,
  modelsFileSchema,
  planSchema,
  policiesFileSchema,
  sourcesFileSchema,
} from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { z } from "zod";
import { CliError, type Io } from "../io.js";
import { printJson } from "./output.js";
import { startAction } from "./serveCommand.js";

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
    "plan.schema.json": input(planSchema),
    "policies.schema.json": input(policiesFileSchema),
  };
}

/** Registers `validate`, `schemas` and `start`. */
export function registerDataCommands(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("validate")
    .description("validate data/: schemas, source ids, units, parameter counts, policy rules, claims")
    .option("--json", "print the issues as JSON")
    .action(async (options) => {
      const dir = dataDir();
      const read = await (dir === undefined ? readCatalogFiles() : readCatalogFiles(dir));
      const built = buildCatalog(read.files);
      const { catalog } = built;
      const policies = buildPolicies(read.files.policies, new Set(catalog.sources.map((s) => s.id)));
      // claims: schema, every source id resolving, every chip and model id in the catalog
      const claims = buildClaims(read.files.claims, new Set(catalog.sources.map((s) => s.id)), catalog);
      const issues = [...read.issues, ...built.issues, ...policies.issues, ...claims.issues];
      const summary = {
        valid: issues.length === 0,
        sources: catalog.sources.length,
        chips: catalog.chips.length,
        models: catalog.models.length,
        policyRules: policies.rules.length,
        claims: claims.claims.length,
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

  // `npm start`: build what is missing, migrate the store, serve the API and dashboard, print the URL.
  startAction(
    program
      .command("start")
      .description(
        "the main job: build if needed, migrate, and serve on http://127.0.0.1:8080 (prints the URL)",
      ),
    io,
    dataDir,
  );
}
