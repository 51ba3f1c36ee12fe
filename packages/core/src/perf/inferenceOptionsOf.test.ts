import { describe, expect, test } from "vitest";
import { inferenceOptionsOf } from "./inferenceOptionsOf.js";
import type { InferenceMeasurement } from "./perfData.js";

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
