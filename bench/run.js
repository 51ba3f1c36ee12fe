// `npm run bench`: runs every bench/cases/*.js (each exports `run(): Promise<BenchRow[]>`) against the built
// packages and prints one table. A row: { bench, metric, value, unit, target, ok }.
// Speed targets live here, never in unit tests. `npm run bench -- plan` runs only cases whose file name
// contains "plan".
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const casesDir = join(dirname(fileURLToPath(import.meta.url)), "cases");
const filter = process.argv[2] ?? "";
const files = readdirSync(casesDir)
  .filter((f) => f.endsWith(".js") && f.includes(filter))
  .sort();
const rows = [];
for (const file of files) {
  const mod = await import(pathToFileURL(join(casesDir, file)).href);
  process.stderr.write(`bench: ${file}…\n`);
  try {
    rows.push(...(await mod.run()));
  } catch (error) {
    rows.push({
      bench: file,
      metric: "error",
      value: Number.NaN,
      unit: "",
      target: String(error),
      ok: false,
    });
  }
}
const header = ["bench", "metric", "value", "unit", "target", "ok"];
const cells = rows.map((r) => [
  r.bench,
  r.metric,
  Number.isFinite(r.value) ? (Math.abs(r.value) >= 100 ? r.value.toFixed(0) : r.value.toPrecision(3)) : "n/a",
  r.unit,
  r.target ?? "",
  r.ok === undefined ? "" : r.ok ? "yes" : "NO",
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
const line = (c) =>
  c.map((v, i) => (i === 2 ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const c of cells) console.log(line(c));
process.exitCode = rows.some((r) => r.ok === false) ? 1 : 0;
