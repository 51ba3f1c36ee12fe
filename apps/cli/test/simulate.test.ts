import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { run } from "./run.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const scenario = (id: string) => join(root, "examples/scenarios", `${id}.yaml`);
const SCENARIOS = [
  "baseline",
  "h200-window-closes-2027",
  "domestic-breakthrough",
  "full-decoupling",
  "loosening-to-blackwell",
];

interface Summary {
  runs: number;
  quarters: string[];
  outputs: { name: string; p50: number[] }[];
}
const p50 = (s: Summary, name: string, quarter: string) =>
  s.outputs.find((o) => o.name === name)?.p50[s.quarters.indexOf(quarter)] ?? Number.NaN;

async function simulate(id: string, ...flags: string[]): Promise<Summary> {
  const r = await run("simulate", scenario(id), "--runs", "40", "--json", ...flags);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}

describe("dualtrack simulate", () => {
  // Each example scenario runs once (40 runs, seed 1); the tests below read these results.
  const results = new Map<string, Summary>();
  beforeAll(async () => {
    for (const id of SCENARIOS) results.set(id, await simulate(id));
  }, 60_000);
  const get = (id: string): Summary => {
    const r = results.get(id);
    if (r === undefined) throw new Error(`${id} did not run`);
    return r;
  };

  test("all five example scenarios run and answer 2023Q1..2032Q4", () => {
    for (const id of SCENARIOS) {
      expect(get(id).runs).toBe(40);
      expect(get(id).quarters).toHaveLength(40);
    }
  });

  test("scenarios move the outputs they are about (medians, same seed)", () => {
    const base = get("baseline");
    const closed = get("h200-window-closes-2027");
    const decoupled = get("full-decoupling");
    const blackwell = get("loosening-to-blackwell");
    const breakthrough = get("domestic-breakthrough");
    // Revoked licences stop H200 imports after 2027Q1; Blackwell loosening sells B30A.
    expect(p50(closed, "units.h200", "2027Q3")).toBe(0);
    expect(p50(base, "units.h200", "2027Q3")).toBeGreaterThan(0);
    expect(p50(blackwell, "units.b30a", "2027Q3")).toBeGreaterThan(0);
    expect(p50(base, "units.b30a", "2027Q3")).toBe(0);
    // Decoupling raises the domestic share; a breakthrough raises domestic compute.
    expect(p50(decoupled, "domesticShare", "2030Q4")).toBeGreaterThan(p50(base, "domesticShare", "2030Q4"));
    expect(p50(breakthrough, "installedH100e.domestic", "2030Q4")).toBeGreaterThan(
      p50(base, "installedH100e.domestic", "2030Q4"),
    );
  });

  test("serving capacity comes from the perf model: rates per chip, 0 (listed as a gap) where a model does not fit", () => {
    const j = get("baseline") as Summary & {
      servingRates: Record<string, Record<string, number>>;
      servingGaps: { model: string; product: string }[];
    };
    expect(j.servingRates["glm-5"]?.h200).toBeGreaterThan(
      j.servingRates["glm-5"]?.h20 ?? Number.POSITIVE_INFINITY,
    );
    for (const g of j.servingGaps) expect(j.servingRates[g.model]?.[g.product]).toBe(0);
    expect(p50(j, "servingTokensPerSec.glm-5", "2026Q4")).toBeGreaterThan(
      p50(j, "servingTokensPerSec.glm-5", "2024Q4"),
    );
  });

  test("--json is the same bytes at --workers 0 and 2", async () => {
    const a = await run(
      "simulate",
      scenario("baseline"),
      "--runs",
      "30",
      "--seed",
      "5",
      "--workers",
      "0",
      "--json",
    );
    const b = await run(
      "simulate",
      scenario("baseline"),
      "--runs",
      "30",
      "--seed",
      "5",
      "--workers",
      "2",
      "--json",
    );
    expect(a.stdout).toBe(b.stdout);
  }, 60_000);

  test("--csv writes one row per output × quarter with P5..P95", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dualtrack-sim-"));
    try {
      const file = join(dir, "out.csv");
      const r = await run("simulate", scenario("baseline"), "--runs", "20", "--csv", file);
      expect(r.code).toBe(0);
      const lines = (await readFile(file, "utf8")).trim().split("\r\n");
      expect(lines[0]).toBe("output,unit,quarter,p5,p25,p50,p75,p95");
      const json = await simulate("baseline", "--runs", "20");
      expect(lines).toHaveLength(1 + json.outputs.length * 40);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("the text table shows Q4 medians and the binding link", async () => {
    const r = await run("simulate", scenario("baseline"), "--runs", "20");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/installedH100e\.total\s+2026Q4/);
    expect(r.stdout).toMatch(/binding link of domestic output/);
  });

  test("bad flags and files exit 2 naming the field", async () => {
    const bad = await run("simulate", scenario("baseline"), "--runs", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--runs must be at least 1/);
    const seed = await run("simulate", scenario("baseline"), "--seed", "x");
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed/);
    const missing = await run("simulate", scenario("nope"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read/);
  });

  test("--csv: a missing folder or a folder as the file is refused before the run, naming the flag; --csv with --json writes the file and prints the JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dualtrack-csv-"));
    try {
      const missing = await run(
        "simulate",
        scenario("baseline"),
        "--runs",
        "5",
        "--csv",
        join(dir, "no", "x.csv"),
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--csv .*x\.csv: the folder .*no does not exist/);
      const folder = await run("simulate", scenario("baseline"), "--runs", "5", "--csv", dir);
      expect(folder.code).toBe(2);
      expect(folder.stderr).toMatch(/is a folder, give a file name/);
      const file = join(dir, "out.csv");
      const both = await run("simulate", scenario("baseline"), "--runs", "5", "--json", "--csv", file);
      expect(both.code).toBe(0);
      expect((JSON.parse(both.stdout) as { runs: number }).runs).toBe(5);
      expect((await readFile(file, "utf8")).split(/\r?\n/)[0]).toBe("output,unit,quarter,p5,p25,p50,p75,p95");
      // nothing but the file is left behind (no temporary file)
      expect(await readdir(dir)).toEqual(["out.csv"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("dualtrack sensitivity", () => {
  test("ranks parameters by swing, largest first", async () => {
    const r = await run(
      "sensitivity",
      scenario("baseline"),
      "--output",
      "installedH100e.domestic",
      "--period",
      "2028",
      "--top",
      "5",
      "--runs",
      "4",
      "--json",
    );
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { base: number; bars: { param: string; swing: number }[] };
    expect(t.bars).toHaveLength(5);
    const swings = t.bars.map((b) => b.swing);
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
    expect(t.base).toBeGreaterThan(0);
    // a serving output carries the perf model's rates (it read 0 before: the rates were not passed)
    const serving = await run(
      "sensitivity",
      scenario("baseline"),
      "--output",
      "servingTokensPerSec.glm-5",
      "--period",
      "2028",
      "--top",
      "2",
      "--runs",
      "2",
      "--json",
    );
    expect(serving.code).toBe(0);
    expect((JSON.parse(serving.stdout) as { base: number }).base).toBeGreaterThan(0);
    const bad = await run("sensitivity", scenario("baseline"), "--output", "nope", "--period", "2028");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/output: 'nope' is not one of/);
  }, 60_000);
});
