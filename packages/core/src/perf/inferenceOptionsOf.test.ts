import { describe, expect, test } from "vitest";
import { inferenceOptionsOf, inferenceWorkloadOf } from "./inferenceOptionsOf.js";
import { type InferenceMeasurement, measurementSchema } from "./perfData.js";

const RUN: InferenceMeasurement = {
  id: "mlperf-like",
  kind: "inference",
  source: ["x"],
  where: "x",
  confidence: "vendor",
  chip: "h200-sxm",
  chips: 8,
  model: "llama-2-70b",
  stack: "trtllm",
  precision: "fp8",
  workload: { isl: 1024, osl: 1024, batch: "max" },
  measured: { outputTokensPerSec: 30000 },
};

describe("inferenceOptionsOf(measurement)", () => {
  test("a run without a published layout is one chip per instance, replicated over its chips", () => {
    expect(inferenceOptionsOf(RUN)).toEqual({
      precision: "fp8",
      stack: "trtllm",
      tp: 1,
      pp: 1,
      ep: 1,
      attentionDp: 1,
      replicas: 8,
    });
  });

  test("replicas = ⌊chips / (tp·pp·attentionDp)⌋, at least 1; the power cap is kept", () => {
    // 8 chips of tp 2 · attention-DP 2 instances: 2 replicas; ep does not add chips (experts share them)
    const o = inferenceOptionsOf({ ...RUN, parallel: { tp: 2, attentionDp: 2, ep: 4 }, powerCapW: 450 });
    expect(o).toMatchObject({ tp: 2, pp: 1, ep: 4, attentionDp: 2, replicas: 2, powerCapW: 450 });
    // 8 chips cannot hold a tp 8 · pp 2 instance: still one (the estimate then uses 16 chips)
    expect(inferenceOptionsOf({ ...RUN, parallel: { tp: 8, pp: 2 } }).replicas).toBe(1);
    expect("powerCapW" in inferenceOptionsOf(RUN)).toBe(false);
  });
});

describe("a disaggregated measurement", () => {
  const POOL: InferenceMeasurement = {
    ...RUN,
    id: "pool",
    chip: "h100-sxm",
    chips: 72,
    model: "deepseek-v3",
    stack: "sglang",
    mode: "disaggregated",
    parallel: { attentionDp: 72, ep: 72 },
    prefillParallel: { attentionDp: 32, ep: 32 },
    workload: { isl: 2000, osl: 100, batch: 256 },
    speculative: { draftTokens: 1, acceptedTokens: 1.7 },
    overlap: true,
    measured: { decodeOutputTokensPerSecPerChip: 2785 },
  };

  test("keeps its speculative decoding and overlap, and its workload names the mode and prefill layout", () => {
    expect(inferenceOptionsOf(POOL)).toMatchObject({
      attentionDp: 72,
      ep: 72,
      replicas: 1,
      speculative: { draftTokens: 1, acceptedTokens: 1.7 },
      overlap: true,
    });
    expect(inferenceWorkloadOf(POOL, 256)).toEqual({
      batch: 256,
      isl: 2000,
      osl: 100,
      mode: "disaggregated",
      prefill: { attentionDp: 32, ep: 32 },
    });
    expect(inferenceWorkloadOf(RUN, 12)).toEqual({ batch: 12, isl: 1024, osl: 1024 });
  });

  test("the schema refuses a pool without a per-pool measure, a max batch, and pool fields on aggregated rows", () => {
    const { kind: _kind, ...rest } = POOL;
    const parse = (m: object) => measurementSchema.safeParse({ kind: "inference", ...m });
    expect(parse(rest).success).toBe(true);
    const issues = (m: object) => {
      const r = parse(m);
      return r.success ? "" : r.error.issues.map((i) => i.message).join("\n");
    };
    expect(issues({ ...rest, measured: { outputTokensPerSec: 100 } })).toMatch(/decoding batch \(not max\)/);
    expect(issues({ ...rest, workload: { isl: 2000, osl: 100, batch: "max" } })).toMatch(/not max/);
    expect(issues({ ...rest, mode: "aggregated" })).toMatch(/belong to disaggregated measurements/);
    expect(issues({ ...rest, speculative: { draftTokens: 9, acceptedTokens: 2 } })).not.toBe("");
    expect(issues({ ...rest, speculative: { draftTokens: 1, acceptedTokens: 2.5 } })).toMatch(
      /cannot exceed 1 \+ draftTokens/,
    );
  });
});
