#!/usr/bin/env node
// Writes public/catalog.json for the dashboard: the validated catalog (sources, chips, models) and the raw
// policy files, read from data/ by the built @dualtrack/runner. The app loads it when no API server
// answers (vite dev, static hosting, browser tests). Usage: node scripts/export-catalog.mjs [out.json]
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCatalog } from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, "../public/catalog.json"));
const { files, issues: readIssues } = await readCatalogFiles();
const { catalog, issues } = buildCatalog(files);
for (const issue of [...readIssues, ...issues]) {
  console.warn(`catalog: ${issue.file}: ${issue.path}: ${issue.message}`);
}
// The example plans, offered as starting points in the Planner view.
const plansDir = resolve(here, "../../../examples/plans");
const plans = [];
for (const name of (await readdir(plansDir).catch(() => [])).filter((n) => n.endsWith(".yaml")).sort()) {
  plans.push({
    id: name.replace(/\.yaml$/, ""),
    plan: parse(await readFile(resolve(plansDir, name), "utf8")),
  });
}
const doc = {
  sources: catalog.sources,
  chips: catalog.chips,
  models: catalog.models,
  policyFiles: files.policies,
  perfFiles: files.perf,
  plans,
};
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(doc)}\n`);
console.log(
  `wrote ${out}: ${catalog.chips.length} chips, ${catalog.models.length} models, ${catalog.sources.length} sources, ${files.policies.length} policy files`,
);
