import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { run } from "./run.js";

interface Row {
  metric: string;
  period: string;
  reported: number;
  simulated: number;
  error: number;
  source: string;
  withinTolerance: boolean;
  explanation?: string;
}

describe("dualtrack backtest", () => {
  test("--json rows carry metric, period, reported, simulated, error and source; misses are explained", async () => {
    const r = await run("backtest", "--runs", "100", "--json");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    const file = parse(
      await readFile(fileURLToPath(new URL("../../../data/market/backtest.yaml", import.meta.url)), "utf8"),
    ) as { rows: unknown[] };
    expect(rows).toHaveLength(file.rows.length);
    for (const x of rows) {
      expect(Object.keys(x)).toEqual(
        expect.arrayContaining(["metric", "period", "reported", "simulated", "error", "source"]),
      );
      expect(x.error).toBeCloseTo((x.simulated - x.reported) / x.reported, 3);
      // Target: within ±30%, or an explanation of why the model can't know it.
      if (!x.withinTolerance) expect(x.explanation ?? "").not.toBe("");
    }
    const h20 = rows.find((x) => x.metric === "units.h20" && x.period === "2024");
    expect(h20?.withinTolerance).toBe(true);
  }, 60_000);

  test("the table ends with the count within tolerance", async () => {
    const r = await run("backtest", "--runs", "50");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+\/\d+ within ±30%/);
  }, 60_000);
});
