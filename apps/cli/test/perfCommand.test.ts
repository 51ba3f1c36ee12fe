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
  workload: { batch: number; isl: number; osl: number; mode: string; speculative: unknown };
  disaggregated: {
    prefillParallel: { tp: number; chips: number };
    prefillChipsPerDecodeChip: number;
    prefillInputTokensPerSecPerChip: number;
    decodeOutputTokensPerSecPerChip: number;
    kvTransferMs: number;
  } | null;
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
    expect(e.workload).toEqual({ batch: 1, isl: 1024, osl: 1024, mode: "aggregated", speculative: null });
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

  test("conflicting ids (positional vs --model/--chip) or a swept key also given as its flag are usage errors", async () => {
    const model = await run("perf", "llama-3.1-8b", "h100-sxm", "--model", "llama-3.1-70b");
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/--model: llama-3\.1-70b conflicts with the <model> argument llama-3\.1-8b/);
    const chip = await run(
      "train",
      "llama-3.1-8b",
      "h100-sxm",
      "--chip",
      "b200",
      "--chips",
      "8",
      "--tokens",
      "1T",
    );
    expect(chip.code).toBe(2);
    expect(chip.stderr).toMatch(/--chip: b200 conflicts with the <chip> argument h100-sxm/);
    const sweep = await run("perf", "llama-3.1-8b", "h100-sxm", "--sweep", "batch=4", "--batch", "8");
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toMatch(/--sweep batch=… and --batch 8: give one/);
    // the same id both ways is no conflict
    expect((await run("perf", "llama-3.1-8b", "h100-sxm", "--model", "llama-3.1-8b", "--json")).code).toBe(0);
  });

  test("a flag over its bound names the bound; a --data folder that does not exist is a usage error", async () => {
    const draft = await run(
      "perf",
      "llama-3.1-8b",
      "h100-sxm",
      "--draft-tokens",
      "9",
      "--accepted-tokens",
      "2",
    );
    expect(draft.code).toBe(2);
    expect(draft.stderr).toMatch(/--draft-tokens: Too big: expected number to be <=8/);
    expect((await run("perf", "llama-3.1-8b", "h100-sxm", "--batch", "x")).stderr).toMatch(
      /--batch: expected a number/,
    );
    const data = await run("--data", "/nonexistent/dualtrack-data", "chips");
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/--data \/nonexistent\/dualtrack-data: no such folder/);
  });

  test("the sweep prints a table", async () => {
    const r = await run("perf", "llama-3.1-8b", "h100-sxm", "--sweep", "isl=128,2048");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/isl\s+ttftMs\s+tpotMs/);
    expect(r.stdout.trim().split("\n")).toHaveLength(5);
  });

  test("a layout that cannot hold one sequence shows fits 'none' and no speed or cost in the sweep table", async () => {
    // Llama 3.1 70B bf16 at tp 1 is 141 GB of weights on an 80 GB H100: nothing runs, so its row must not
    // look like the cheapest (it had $0.44/Mtok, priced as if memory were unlimited); tp 2 runs one
    // sequence at a time (fits "no"), tp 4 fits.
    const r = await run("perf", "llama-3.1-70b", "h100-sxm", "--batch", "64", "--sweep", "tp=1,2,4");
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split("\n").slice(3);
    const [one, two, four] = rows.map((line) => line.trim().split(/\s+/));
    expect(one).toEqual(["1", "181.6", "none", "memory"]);
    expect(two?.[6]).toBe("no");
    expect(four?.[6]).toBe("yes");
    expect(Number(four?.[9])).toBeGreaterThan(0);
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

  test("--mode disaggregated sizes the two pools; --prefill-* needs it; speculative flags go together", async () => {
    const args = ["perf", "llama-3.1-70b", "h100-sxm", "--precision", "fp8", "--tp", "4", "--batch", "32"];
    const e = (await json(...args, "--mode", "disaggregated", "--prefill-tp", "8", "--json")) as Estimate;
    const d = e.disaggregated;
    expect(e.workload.mode).toBe("disaggregated");
    expect(d?.prefillParallel).toMatchObject({ tp: 8, chips: 8 });
    expect(e.parallel.tp).toBe(4);
    // output per chip counts the prefill chips: decode pool rate / (1 + prefill chips per decode chip)
    expect(e.outputTokensPerSecPerChip).toBeCloseTo(
      (d?.decodeOutputTokensPerSecPerChip ?? 0) / (1 + (d?.prefillChipsPerDecodeChip ?? 0)),
      6,
    );
    // the decode steps carry no prefill: TPOT below the aggregated one at the same batch
    const agg = (await json(...args, "--json")) as Estimate;
    expect(agg.disaggregated).toBeNull();
    expect(e.tpotMs).toBeLessThan(agg.tpotMs);
    const text = await run(
      ...args,
      "--mode",
      "disaggregated",
      "--draft-tokens",
      "1",
      "--accepted-tokens",
      "1.8",
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/prefill chips per decode chip/);
    expect(text.stdout).toMatch(/speculative 1 draft \/ 1.8 kept per step/);
    const bad = await run(...args, "--prefill-tp", "8", "--draft-tokens", "1");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mode: the --prefill-\* layout needs --mode disaggregated/);
    expect(bad.stderr).toMatch(/--accepted-tokens: give --draft-tokens and --accepted-tokens together/);
    expect((await run(...args, "--mode", "split")).stderr).toMatch(/--mode: .*aggregated.*disaggregated/);
    const kept = await run(...args, "--draft-tokens", "1", "--accepted-tokens", "2.5");
    expect(kept.code).toBe(2);
    expect(kept.stderr).toMatch(/--accepted-tokens: at most 1 \+ --draft-tokens/);
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
