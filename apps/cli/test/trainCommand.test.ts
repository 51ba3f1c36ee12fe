import { describe, expect, test } from "vitest";
import { run } from "./run.js";

interface Training {
  seconds: number;
  tokensPerSec: number;
  mfu: number;
  flopsPerToken: number;
  memory: { weightsGB: number; totalGB: number; fits: boolean };
  parallel: { tp: number; pp: number; dp: number };
  band: { low: number; high: number };
  calibrated: boolean;
}

describe("dualtrack train", () => {
  test("the automatic layout does not leave gradient traffic exposed where more model parallelism avoids it: doubling the chips halves the time", async () => {
    // Llama 3.1 405B FP8 on B200s: at 32,768 chips the least model parallelism that fits (tp 8 · pp 2 ·
    // cp 2) left ~2 s of data-parallel gradient traffic exposed per ~1 s step, so 16,384 and 32,768 chips
    // both took 21.8 days; the layout now grows until none is exposed.
    const r = await run(
      "train",
      "llama-3.1-405b",
      "b200",
      "--precision",
      "fp8",
      "--tokens",
      "15.6T",
      "--sweep",
      "chips=16384,32768",
      "--json",
    );
    expect(r.code).toBe(0);
    const [half, full] = JSON.parse(r.stdout) as (Training & { comm: { exposedSecPerStep: number } })[];
    expect(full?.comm.exposedSecPerStep).toBe(0);
    expect(half?.comm.exposedSecPerStep).toBe(0);
    const ratio = (full?.seconds ?? 0) / (half?.seconds ?? 1);
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.6);
  }, 30_000);

  test("--json: Llama 3 8B on 8 H100s in fp8 follows 6·N·T at the calibrated Hopper FP8 MFU", async () => {
    const r = await run(
      "train",
      "--model",
      "llama-3.1-8b",
      "--chip",
      "h100-sxm",
      "--chips",
      "8",
      "--tokens",
      "1T",
      "--precision",
      "fp8",
      "--json",
    );
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as Training;
    // 51,470,401,536 FLOPs/token (6 · 7,504,658,432 + 3 · 2,147,483,648 attention at 8,192 tokens);
    // data/perf/stacks.yaml: hopper/pytorch/fp8 mfuDense 0.37 (Megatron-Bridge 744 TFLOP/s ÷ 1,979).
    // t = 1e12 · 51,470,401,536 / (8 · 1979e12 · 0.37) = 8,786,734 s ≈ 101.7 days.
    expect(e.flopsPerToken).toBe(51_470_401_536);
    expect(e.seconds).toBeCloseTo((1e12 * 51_470_401_536) / (8 * 1979e12 * 0.37), 0);
    // per chip: 1979e12 · 0.37 / 51,470,401,536 = 14,226 tok/s; Megatron-Bridge measured 14,451 (−1.6%)
    expect(e.tokensPerSec / 8).toBeCloseTo(14_226, 0);
    expect(e.memory.fits).toBe(true);
    expect(e.calibrated).toBe(true);
    expect(e.band.low).toBeLessThan(e.seconds);
    expect(e.band.high).toBeGreaterThan(e.seconds);
  });

  test("picks a layout that fits a 70B model and prints it", async () => {
    const r = await run(
      "train",
      "--model",
      "llama-3.1-70b",
      "--chip",
      "h100-sxm",
      "--chips",
      "64",
      "--tokens",
      "2e12",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/layout\s+tp 8 · pp \d+/);
    expect(r.stdout).toMatch(/→ fits/);
  });

  test("positional <model> <chip> equals --model/--chip, as in `dualtrack perf`", async () => {
    const flags = ["--chips", "64", "--tokens", "2e12", "--json"];
    const a = await run("train", "llama-3.1-70b", "h100-sxm", ...flags);
    const b = await run("train", "--model", "llama-3.1-70b", "--chip", "h100-sxm", ...flags);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout)).toMatchObject({ model: "llama-3.1-70b", chip: "h100-sxm", chips: 64 });
  });

  test("--sweep chips=… gives one estimate per chip count (a table, or JSON rows); days fall with more chips", async () => {
    const flags = ["--tokens", "15.6T", "--sweep", "chips=1024,4096,16384"];
    const rows = JSON.parse(
      (await run("train", "llama-3.1-405b", "h100-sxm", ...flags, "--json")).stdout,
    ) as (Training & { chips: number; days: number })[];
    expect(rows.map((r) => r.chips)).toEqual([1024, 4096, 16384]);
    const [a, b, c] = rows.map((r) => r.days);
    expect(b).toBeLessThan(a ?? 0);
    expect(c).toBeLessThan(b ?? 0);
    const table = await run("train", "llama-3.1-405b", "h100-sxm", ...flags);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/chips\s+days\s+tok\/s\/chip\s+MFU%\s+layout/);
    expect(table.stdout.trim().split("\n")).toHaveLength(6);
    const bad = await run("train", "llama-3.1-405b", "h100-sxm", "--tokens", "1T", "--sweep", "gpus=8");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sweep: sweep key must be one of chips/);
  });

  test("bad input exits 2 naming the flag", async () => {
    const tokens = await run(
      "train",
      "--model",
      "llama-3.1-8b",
      "--chip",
      "h100-sxm",
      "--chips",
      "8",
      "--tokens",
      "lots",
    );
    expect(tokens.code).toBe(2);
    expect(tokens.stderr).toMatch(/--tokens: expected a token count/);
    const zero = await run(
      "train",
      "--model",
      "llama-3.1-8b",
      "--chip",
      "h100-sxm",
      "--chips",
      "8",
      "--tokens",
      "1T",
      "--zero",
      "5",
    );
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--zero/);
    const layout = await run(
      "train",
      "--model",
      "llama-3.1-8b",
      "--chip",
      "h100-sxm",
      "--chips",
      "12",
      "--tokens",
      "1T",
      "--tp",
      "8",
    );
    expect(layout.code).toBe(2);
    expect(layout.stderr).toMatch(/must divide the 12 chips/);
    expect(
      (await run("train", "--model", "llama-3.1-8b", "--chip", "h100-sxm", "--tokens", "1T")).stderr,
    ).toMatch(/--chips/);
  });
});
