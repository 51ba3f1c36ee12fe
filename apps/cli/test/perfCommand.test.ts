import { describe, expect, test } from "vitest";
import { run } from "./run.js";

interface Estimate {
  ttftMs: number;
  tpotMs: number;
  outputTokensPerSec: number;
  outputTokensPerSecPerChip: number;
  memory: { weightsGB: number; kvCacheGB: number; totalGB: number; fits: boolean; maxBatch: number };
  bound: { prefill: string; decode: string };
  energy: { joulesPerToken: number | null };
  costUsdPerMTokens: number | null;
  band: { low: number; high: number; calibrated: boolean };
  precision: { requested: string; compute: string };
  parallel: { tp: number; chips: number };
  workload: { batch: number; isl: number; osl: number; mode: string };
  calibrated: boolean;
  warnings: string[];
}

const json = async (...args: string[]) => {
  const r = await run(...args);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as unknown;
};

describe("dualtrack perf", () => {
  test("--json prints the DESIGN.md fields; Llama 3.1 8B bf16 holds 16.06 GB of weights on an H100", async () => {
    const e = (await json("perf", "--model", "llama-3.1-8b", "--chip", "h100-sxm", "--json")) as Estimate;
    // (32 layers · 218,103,808 + 2 · 525,336,576 embedding/head) weights · 2 B = 16,059,990,016 B
    expect(e.memory.weightsGB).toBeCloseTo(16.06, 2);
    expect(e.memory.fits).toBe(true);
    expect(e.bound.decode).toBe("memory");
    expect(e.workload).toEqual({ batch: 1, isl: 1024, osl: 1024, mode: "aggregated" });
    expect(e.calibrated).toBe(true);
    for (const key of [
      "ttftMs",
      "tpotMs",
      "outputTokensPerSec",
      "outputTokensPerSecPerChip",
      "costUsdPerMTokens",
    ] as const)
      expect(e[key]).toBeGreaterThan(0);
    expect(e.energy.joulesPerToken).toBeGreaterThan(0);
    expect(e.band.low).toBeLessThan(e.outputTokensPerSec);
    expect(e.band.high).toBeGreaterThan(e.outputTokensPerSec);
    // batch 1: throughput = osl / (TTFT + (osl − 1) · TPOT)
    expect(e.outputTokensPerSec).toBeCloseTo((1024 * 1000) / (e.ttftMs + 1023 * e.tpotMs), 6);
    // decode at batch 1 cannot beat the weight stream at the full 3.35 TB/s: 15.01 GB / 3.35 TB/s = 4.48 ms
    expect(e.tpotMs).toBeGreaterThan(4.48);
  });

  test("positional <model> <chip> equals --model/--chip", async () => {
    const a = await json("perf", "llama-3.1-8b", "h100-sxm", "--batch", "8", "--json");
    const b = await json("perf", "--model", "llama-3.1-8b", "--chip", "h100-sxm", "--batch", "8", "--json");
    expect(a).toEqual(b);
  });

  test("--sweep batch=… gives one estimate per value; throughput grows with the batch", async () => {
    const rows = (await json(
      "perf",
      "llama-3.1-70b",
      "h200-sxm",
      "--precision",
      "fp8",
      "--tp",
      "8",
      "--sweep",
      "batch=1,8,64",
      "--json",
    )) as Estimate[];
    expect(rows.map((r) => r.workload.batch)).toEqual([1, 8, 64]);
    const [a, b, c] = rows.map((r) => r.outputTokensPerSec);
    expect(a).toBeLessThan(b ?? 0);
    expect(b).toBeLessThan(c ?? 0);
    expect(rows.every((r) => r.parallel.chips === 8)).toBe(true);
  });

  test("the sweep prints a table", async () => {
    const r = await run("perf", "llama-3.1-8b", "h100-sxm", "--sweep", "isl=128,2048");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/isl\s+ttftMs\s+tpotMs/);
    expect(r.stdout.trim().split("\n")).toHaveLength(5);
  });

  test("a chip without fp8 falls back with a warning and a wide, uncalibrated band", async () => {
    const e = (await json(
      "perf",
      "llama-3.1-70b",
      "ascend-910c",
      "--precision",
      "fp8",
      "--tp",
      "4",
      "--json",
    )) as Estimate;
    expect(e.precision.compute).not.toBe("fp8");
    expect(e.warnings.join(" ")).toMatch(/no dense fp8/);
    expect(e.calibrated).toBe(false);
    expect(e.band.high / e.outputTokensPerSec).toBeGreaterThanOrEqual(1.5);
  });

  test("bad flags exit 2 and name the flag and the allowed values", async () => {
    const r = await run("perf", "llama-3.1-8b", "h100-sxm", "--precision", "fp9", "--batch", "0");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--precision: .*bf16.*fp8/);
    expect(r.stderr).toMatch(/--batch: expected a positive number/);
    expect(r.stdout).toBe("");
    const sweep = await run("perf", "llama-3.1-8b", "h100-sxm", "--sweep", "colour=1");
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toMatch(/sweep key must be one of batch, isl, osl, tp/);
  });

  test("unknown ids and impossible layouts exit 2", async () => {
    expect((await run("perf", "llama-9", "h100-sxm")).code).toBe(2);
    expect((await run("perf", "llama-3.1-8b", "h999")).code).toBe(2);
    const r = await run("perf", "qwen3-235b-a22b", "h100-sxm", "--tp", "4", "--ep", "3");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ep \(3\) must divide/);
    expect((await run("perf", "--chip", "h100-sxm")).stderr).toMatch(/--model/);
  });
});
