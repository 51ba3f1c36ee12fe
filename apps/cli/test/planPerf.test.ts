import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./run.js";

async function planFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dualtrack-plan-perf-"));
  const file = join(dir, "plan.yaml");
  await writeFile(file, text);
  return file;
}

interface Capacity {
  demand: string;
  chip: string;
  perUnit: number;
  unit: string;
  source: string;
  calibrated: boolean;
  reason?: string;
  point?: {
    tp: number;
    ep: number;
    batch: number;
    tpotMs: number;
    runChips: number;
    pp: number;
    cp: number;
    days: number;
  };
}

interface Result {
  status: string;
  purchases: { period: string; chip: string; units: number }[];
  capacities: Capacity[];
  conflicts: { group: string }[] | null;
}

const SERVE = [
  "buyer: { name: t, country: CN }",
  "horizon: { start: 2026, years: 1 }",
  "candidates: [h200-sxm]",
  "licences: { h200-sxm: true }",
  // the catalog has no H200 price; an assumption of the test
  "chips: { h200-sxm: { priceUsd: 32000 } }",
];

// Loads HiGHS, the catalog, the policies and the perf data in a child process.
describe("plan capacities come from the perf model", { timeout: 60_000 }, () => {
  it("serving: units = ⌈required / the perf model's tokens/s per chip at the best point meeting the TPOT SLO⌉", async () => {
    const file = await planFile(
      [
        ...SERVE,
        "demand: [{ id: chat, period: 2026, serve: { model: qwen3.5-397b-a17b, precision: fp8, isl: 2048, osl: 512, outputTokensPerSec: 1.0e6, tpotMsMax: 50 } }]",
      ].join("\n"),
    );
    const r = JSON.parse((await run("plan", file, "--json")).stdout) as Result;
    expect(r.status).toBe("optimal");
    const [cap] = r.capacities;
    const point = cap?.point;
    if (cap === undefined || point === undefined) throw new Error("no capacity point");
    expect(cap).toMatchObject({
      demand: "chat",
      chip: "h200-sxm",
      unit: "output tokens/s",
      source: "perf-model",
    });
    expect(point.tpotMs).toBeLessThanOrEqual(50);
    // The same point through `dualtrack perf` gives exactly the capacity the planner used…
    const perfAt = async (batch: number) => {
      const out = await run(
        "perf",
        "qwen3.5-397b-a17b",
        "h200-sxm",
        "--precision",
        "fp8",
        "--isl",
        "2048",
        "--osl",
        "512",
        "--tp",
        String(point.tp),
        "--ep",
        String(point.ep),
        "--batch",
        String(batch),
        "--json",
      );
      return JSON.parse(out.stdout) as { outputTokensPerSecPerChip: number; tpotMs: number };
    };
    const at = await perfAt(point.batch);
    expect(cap.perUnit).toBe(at.outputTokensPerSecPerChip);
    // …one more sequence per instance breaks the 50 ms SLO (the batch search found the edge)…
    expect((await perfAt(point.batch + 1)).tpotMs).toBeGreaterThan(50);
    // …and the plan buys exactly enough chips: ⌈1.0e6 / perUnit⌉ (≈ ⌈1.0e6 / 645.3⌉ = 1,550 on today's data).
    expect(r.purchases).toEqual([
      expect.objectContaining({ period: "2026", chip: "h200-sxm", units: Math.ceil(1.0e6 / cap.perUnit) }),
    ]);
  });

  it("a chip that cannot meet the SLO gets no capacity, the reason is reported and the plan is infeasible", async () => {
    const file = await planFile(
      [
        ...SERVE,
        "demand: [{ id: chat, period: 2026, serve: { model: qwen3.5-397b-a17b, outputTokensPerSec: 1.0e5, tpotMsMax: 2 } }]",
      ].join("\n"),
    );
    const r = JSON.parse((await run("plan", file, "--json")).stdout) as Result;
    expect(r.status).toBe("infeasible");
    expect(r.conflicts?.map((c) => c.group)).toEqual(["demand:chat"]);
    expect(r.capacities[0]?.perUnit).toBe(0);
    expect(r.capacities[0]?.reason).toMatch(/^TPOT at batch 1 is [\d.]+ ms at best, above tpotMsMax 2 ms$/);
  });

  it("training: one chip's capacity = the perf model's tokens/s per chip × 86,400 × withinDays", async () => {
    const file = await planFile(
      [
        ...SERVE,
        "demand: [{ id: pre, period: 2026, train: { model: glm-5, tokens: 1.0e13, withinDays: 60 } }]",
      ].join("\n"),
    );
    const r = JSON.parse((await run("plan", file, "--json")).stdout) as Result;
    expect(r.status).toBe("optimal");
    const [cap] = r.capacities;
    if (cap?.point === undefined) throw new Error("no capacity point");
    expect(cap.unit).toBe("training tokens");
    const { point } = cap;
    const out = await run(
      "train",
      "--model",
      "glm-5",
      "--chip",
      "h200-sxm",
      "--chips",
      String(point.runChips),
      "--tokens",
      "1e13",
      "--json",
    );
    const est = JSON.parse(out.stdout) as { tokensPerSecPerChip: number; days: number };
    expect(cap.perUnit).toBeCloseTo(est.tokensPerSecPerChip * 86_400 * 60, 0);
    // The run the capacity was estimated at finishes within the window (sized ⌈4,096·days/60⌉ to 64s).
    expect(est.days).toBeLessThanOrEqual(60 * 1.01);
    expect(r.purchases[0]?.units).toBe(Math.ceil(1.0e13 / cap.perUnit));
  });
});
