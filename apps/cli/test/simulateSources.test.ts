import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { backtestFileSchema } from "@dualtrack/core";
import { loadCatalog, loadScenario } from "@dualtrack/runner";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SCENARIOS = [
  "baseline",
  "h200-window-closes-2027",
  "domestic-breakthrough",
  "full-decoupling",
  "loosening-to-blackwell",
];

/** Every `source` value anywhere in a document (a string or a list of strings). */
function citedIds(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) citedIds(x, out);
  else if (typeof node === "object" && node !== null)
    for (const [k, v] of Object.entries(node)) {
      if (k === "source") out.push(...(Array.isArray(v) ? v.map(String) : [String(v)]));
      else citedIds(v, out);
    }
  return out;
}

describe("simulator data cites real sources", () => {
  test("every source id in the example scenarios and data/market/backtest.yaml resolves in data/sources.yaml", async () => {
    const { catalog } = await loadCatalog();
    const known = new Set(catalog.sources.map((s) => s.id));
    const missing: string[] = [];
    for (const id of SCENARIOS) {
      const s = await loadScenario(here(`../../../examples/scenarios/${id}.yaml`));
      for (const src of citedIds(s)) if (!known.has(src)) missing.push(`${id}: ${src}`);
    }
    const bt = backtestFileSchema.parse(
      parse(await readFile(here("../../../data/market/backtest.yaml"), "utf8")),
    );
    for (const src of citedIds(bt)) if (!known.has(src)) missing.push(`backtest: ${src}`);
    expect(missing).toEqual([]);
    expect(citedIds(bt).length).toBeGreaterThanOrEqual(bt.rows.length);
  });
});
