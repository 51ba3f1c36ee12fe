#!/usr/bin/env node
// Writes the dashboard's data, read from data/ by the built @dualtrack/runner: public/catalog.json (the
// validated sources, chips and models) and public/catalog-extra.json (the raw policy and perf files and the
// example plans). The app loads them beside the API, and alone when no API server answers (vite dev, static
// hosting). Usage: node scripts/export-catalog.mjs [out.json] (the extra file goes beside it)
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
  // The text as written, so the editor shows the file's comments; the parsed plan for the fallback.
  const text = await readFile(resolve(plansDir, name), "utf8");
  plans.push({ id: name.replace(/\.yaml$/, ""), plan: parse(text), text });
}
// Split in two so that the first view (Chips) downloads and parses only what it shows: the catalog proper
// in catalog.json; the policy and perf files and the example plans, which only the Export, Performance and
// Planner views need, in catalog-extra.json, fetched after the first paint.
const doc = { sources: catalog.sources, chips: catalog.chips, models: catalog.models };
const extra = { policyFiles: files.policies, perfFiles: files.perf, plans };
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(doc)}\n`);
const extraOut = out.replace(/\.json$/, "-extra.json");
await writeFile(extraOut, `${JSON.stringify(extra)}\n`);
console.log(
  `wrote ${out}: ${catalog.chips.length} chips, ${catalog.models.length} models, ${catalog.sources.length} sources; ${extraOut}: ${files.policies.length} policy files, ${files.perf.length} perf files, ${plans.length} plans`,
);
